import type { Dispatcher } from '../delivery/dispatcher.js'
import type { Store } from '../store/types.js'

/** `GET /health`: 200 when `status` is ok, 503 (same shape) when the store does not answer. */
export interface Health {
  status: 'ok' | 'unavailable'
  store: 'ok' | 'unavailable'
  /** `stopped`: this process does not deliver (dispatch: false) or is closed. */
  dispatcher: 'running' | 'stopped' | 'store_unavailable'
  /** The backlog; nulls when the store does not answer. */
  queue: { depth: number | null; oldestAgeSeconds: number | null }
}

/** A readiness check: one indexed query to the store, answered within `timeoutMs` or counted as down. */
export class HealthService {
  readonly #store: Store
  readonly #dispatcher: Dispatcher
  readonly #timeoutMs: number
  readonly #ready: () => Promise<void>

  /** `ready` resolves once the store is initialised (migrated); until then the store counts as not answering. */
  constructor(store: Store, dispatcher: Dispatcher, ready: () => Promise<void>, timeoutMs = 2000) {
    this.#store = store
    this.#ready = ready
    this.#dispatcher = dispatcher
    this.#timeoutMs = timeoutMs
  }

  async check(): Promise<Health> {
    const now = Date.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.#timeoutMs)))
    const answer = this.#ready().then(() => this.#store.queueStats(new Date(now).toISOString()))
    const queue = await Promise.race([answer.catch(() => null), timeout])
    clearTimeout(timer)
    const dispatcher = this.#dispatcher.state
    if (!queue) return { status: 'unavailable', store: 'unavailable', dispatcher, queue: { depth: null, oldestAgeSeconds: null } }
    const oldestAgeSeconds = queue.oldestDueAt === null ? 0 : Math.max(0, (now - Date.parse(queue.oldestDueAt)) / 1000)
    return { status: 'ok', store: 'ok', dispatcher, queue: { depth: queue.depth, oldestAgeSeconds } }
  }
}
