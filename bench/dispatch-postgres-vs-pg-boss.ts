/**
 * dispatch-postgres-vs-pg-boss: two worker processes on one PostgreSQL deliver N events to a
 * receiver in another process, first emit to last receipt — callhook (emit → SKIP LOCKED claims,
 * LISTEN/NOTIFY) vs pg-boss doing the same job (one job per delivery; workers fetch, POST with
 * undici, complete). Both sides enqueue with the same number of concurrent producers.
 * pg-boss runs twice: through its own work() API (how it is meant to be used; it waits its 0.5 s
 * polling interval between batches), and as the tightest consumer we could write with its
 * fetch()/complete() (reported beside, without a goal).
 */
import pg from 'pg'
import PgBoss from 'pg-boss'
import { createWebhooks, envelope } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { callRecord, child, databaseUrl, quiet, round, startReceiver, type Result } from './lib.js'

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

export async function dispatchPostgresVsPgBoss(): Promise<Result[]> {
  const receiver = await startReceiver()
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const schemas = [`callhook_bench_${suffix}`, `pgboss_work_${suffix}`, `pgboss_fetch_${suffix}`]
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  const records = Array.from({ length: EVENTS }, (_, i) => callRecord(i))
  try {
    // callhook: an emit-only process (this one) and two dispatcher processes
    const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema: schemas[0], poolSize: PRODUCERS }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
    await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
    const ours = [child('pg-worker', 'callhook', schemas[0]!, String(WORKER_CONCURRENCY)), child('pg-worker', 'callhook', schemas[0]!, String(WORKER_CONCURRENCY))]
    await Promise.all(ours.map((w) => w.line('ready')))
    const done = await receiver.expect(EVENTS)
    const started = Date.now()
    await produce(EVENTS, (i) => hooks.emit('call:completed', records[i]))
    const oursMs = (await done()) - started
    await Promise.all(ours.map((w) => w.stop()))
    await hooks.close()

    const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
    const workMs = await pgBoss('pgboss-work', schemas[1]!, receiver, bodies)
    const fetchMs = await pgBoss('pgboss-fetch', schemas[2]!, receiver, bodies)

    const rate = (ms: number) => (EVENTS / ms) * 1000
    return [
      { name: 'dispatch-postgres-vs-pg-boss', ours: round(rate(oursMs), 0), baseline: round(rate(workMs), 0), unit: 'deliveries/s', ratio: round(rate(oursMs) / rate(workMs)), goal: '≥ 2.0' },
      { name: 'dispatch-postgres-vs-pg-boss-fetch-loop', ours: round(rate(oursMs), 0), baseline: round(rate(fetchMs), 0), unit: 'deliveries/s', ratio: round(rate(oursMs) / rate(fetchMs)) },
    ]
  } finally {
    await receiver.stop()
    for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
}
