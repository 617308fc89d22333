/**
 * dispatch-memory-vs-raw-undici / dispatch-sqlite-vs-raw-undici: deliveries/s of 20,000 events
 * (~1 KiB call records) to one endpoint on a receiver in another process, first emit to last
 * receipt — vs a raw undici Pool POSTing the same bodies at the same concurrency to that receiver;
 * 3 interleaved rounds (a fresh store each), the median ratio.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'
import { createWebhooks, envelope, MemoryStore, type Store } from '@callhook/core'
import { SqliteStore } from '@callhook/sqlite'
import { callRecord, interleaved, quiet, startReceiver, type Result } from './lib.js'

export const EVENTS = 20_000
export const CONCURRENCY = 50
const WARM_UP = 5_000

/** The same bodies, POSTed by a bare undici Pool with CONCURRENCY requests in flight. */
export async function rawUndici(url: string, bodies: string[], concurrency: number): Promise<void> {
  const pool = new Pool(url, { connections: concurrency })
  let next = 0
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!
      const res = await pool.request({ path: '/hook', method: 'POST', headers: { 'content-type': 'application/json' }, body })
      await res.body.dump()
    }
  }))
  await pool.close()
}

/** Milliseconds from the first emit until the receiver has every delivery. */
async function ours(store: Store, url: string, records: Array<Record<string, unknown>>, done: () => Promise<number>): Promise<number> {
  const hooks = createWebhooks({ store, allowPrivateNetworks: true, logger: quiet, concurrency: { perEndpoint: CONCURRENCY, total: CONCURRENCY }, retry: { delaysSeconds: [] } })
  await hooks.endpoints.create({ url: `${url}/hook`, events: ['call:completed'] })
  const started = Date.now()
  for (const data of records) await hooks.emit('call:completed', data)
  const finished = await done()
  await hooks.close()
  return finished - started
}

export async function dispatchVsRawUndici(kind: 'memory' | 'sqlite'): Promise<Result> {
  const receiver = await startReceiver()
  const dir = mkdtempSync(join(tmpdir(), 'callhook-bench-'))
  try {
    const records = Array.from({ length: EVENTS }, (_, i) => callRecord(i))
    const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
    let round = 0
    const rate = (ms: number) => (EVENTS / ms) * 1000
    const newStore = (): Store => (kind === 'sqlite' ? new SqliteStore({ filename: join(dir, `bench-${round++}.db`) }) : new MemoryStore())
    // Warm-up, not counted: both sides' code is compiled and the receiver's connections are open
    // before the first round (raw undici's first round was otherwise half its later ones).
    await rawUndici(receiver.url, bodies.slice(0, WARM_UP), CONCURRENCY)
    await ours(newStore(), receiver.url, records.slice(0, WARM_UP), await receiver.expect(WARM_UP))
    return await interleaved(
      { name: `dispatch-${kind}-vs-raw-undici`, unit: 'deliveries/s', goal: kind === 'memory' ? '≥ 0.6' : '≥ 0.3' },
      async () => {
        const done = await receiver.expect(EVENTS)
        const started = Date.now()
        await rawUndici(receiver.url, bodies, CONCURRENCY)
        return rate((await done()) - started)
      },
      async () => {
        return rate(await ours(newStore(), receiver.url, records, await receiver.expect(EVENTS)))
      },
    )
  } finally {
    await receiver.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
