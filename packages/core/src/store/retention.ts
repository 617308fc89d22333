import type { Store } from './types.js'

export interface RetentionSettings {
  readonly maxAgeMs: number
  readonly intervalMs: number
  readonly batchSize: number
}

/** Deletes what is older than the retention age now, in batches, until nothing is left to delete. */
export async function pruneOnce(store: Store, settings: RetentionSettings, nowMs = Date.now()): Promise<number> {
  const before = new Date(nowMs - settings.maxAgeMs).toISOString()
  let total = 0
  for (;;) {
    const removed = await store.prune({ before, limit: settings.batchSize })
    total += removed
    if (removed === 0) return total
    await new Promise((resolve) => setImmediate(resolve)) // let deliveries interleave with a long clean-up
  }
}

/** Runs `pruneOnce` every `intervalMs` (first run after one interval); returns a stop function. */
export function startRetention(store: Store, settings: RetentionSettings, logError: (message: string, error: unknown) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = pruneOnce(store, settings).catch((error) => logError('callhook: retention clean-up failed; it runs again next interval', error))
  }, settings.intervalMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
