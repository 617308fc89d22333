/**
 * dispatch-postgres-vs-pg-boss: two worker processes on one PostgreSQL deliver N events to a
 * receiver in another process, first emit to last receipt — callhook (emit → SKIP LOCKED claims,
 * LISTEN/NOTIFY) vs pg-boss doing the same job (one job per delivery; workers fetch, POST with
 * undici, complete). Both sides enqueue with the same number of concurrent producers.
 * pg-boss runs twice: through its own work() API (how it is meant to be used; it waits its 0.5 s
 * polling interval between batches), and as the tightest consumer we could write with its
 * fetch()/complete(): the goal row, 3 interleaved rounds; work() is reported once, as context.
 */
import pg from 'pg'
import PgBoss from 'pg-boss'
import { createWebhooks, envelope } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { callRecord, child, databaseUrl, interleaved, quiet, round, startReceiver, type Result } from './lib.js'

const EVENTS = 10_000
const WORKER_CONCURRENCY = 25
const PRODUCERS = 8

async function produce(count: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: PRODUCERS }, async () => {
    while (next < count) await send(next++)
  }))
}

/** Milliseconds from the first send until the receiver has all of them, with two pg-boss worker processes of `mode`. */
async function pgBoss(mode: 'pgboss-work' | 'pgboss-fetch', schema: string, receiver: Awaited<ReturnType<typeof startReceiver>>, bodies: string[]): Promise<number> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema, max: PRODUCERS })
  boss.on('error', () => {})
  await boss.start()
  await boss.createQueue('deliveries')
  const workers = [child('pg-worker', mode, schema, String(WORKER_CONCURRENCY), receiver.url), child('pg-worker', mode, schema, String(WORKER_CONCURRENCY), receiver.url)]
  await Promise.all(workers.map((w) => w.line('ready')))
  const done = await receiver.expect(bodies.length)
  const started = Date.now()
  await produce(bodies.length, (i) => boss.send('deliveries', { body: bodies[i] }))
  const ms = (await done()) - started
  await Promise.all(workers.map((w) => w.stop()))
  await boss.stop({ graceful: false })
  return ms
}

/** Milliseconds from the first emit until the receiver has every delivery: one emitting process (this one), two dispatcher processes. */
async function callhook(schema: string, receiver: Awaited<ReturnType<typeof startReceiver>>, records: Array<Record<string, unknown>>): Promise<number> {
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: PRODUCERS }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
  await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
  const workers = [child('pg-worker', 'callhook', schema, String(WORKER_CONCURRENCY)), child('pg-worker', 'callhook', schema, String(WORKER_CONCURRENCY))]
  await Promise.all(workers.map((w) => w.line('ready')))
  const done = await receiver.expect(records.length)
  const started = Date.now()
  await produce(records.length, (i) => hooks.emit('call:completed', records[i]))
  const ms = (await done()) - started
  await Promise.all(workers.map((w) => w.stop()))
  await hooks.close()
  return ms
}

export async function dispatchPostgresVsPgBoss(): Promise<Result[]> {
  const receiver = await startReceiver()
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const schemas: string[] = []
  const schema = (side: string) => {
    schemas.push(`${side}_${suffix}_${schemas.length}`)
    return schemas.at(-1)!
  }
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  const records = Array.from({ length: EVENTS }, (_, i) => callRecord(i))
  const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
  const rate = (ms: number) => (EVENTS / ms) * 1000
  try {
    // The goal row: 3 interleaved rounds against the tightest pg-boss consumer.
    const fetchLoop = await interleaved(
      { name: 'dispatch-postgres-vs-pg-boss-fetch-loop', unit: 'deliveries/s', goal: '≥ 1.5' },
      async () => rate(await pgBoss('pgboss-fetch', schema('pgboss_fetch'), receiver, bodies)),
      async () => rate(await callhook(schema('callhook_bench'), receiver, records)),
    )
    // Context: pg-boss's own work() API, which sleeps its 0.5 s polling interval between batches
    // (about 100 s for 10,000 jobs), once, against the median of ours above.
    const work = rate(await pgBoss('pgboss-work', schema('pgboss_work'), receiver, bodies))
    return [
      fetchLoop,
      { name: 'dispatch-postgres-vs-pg-boss', ours: fetchLoop.ours, baseline: round(work, 0), unit: 'deliveries/s', ratio: round(fetchLoop.ours / work), rounds: [{ ours: fetchLoop.ours, baseline: round(work, 0), ratio: round(fetchLoop.ours / work) }] },
    ]
  } finally {
    await receiver.stop()
    for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
    await admin.end()
  }
}
