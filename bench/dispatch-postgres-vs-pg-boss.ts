/**
 * dispatch-postgres-vs-pg-boss: two worker processes on one PostgreSQL deliver N events to a
 * receiver in another process, first emit to last receipt — callhook (emit → SKIP LOCKED claims,
 * LISTEN/NOTIFY) vs pg-boss doing the same job (one job per delivery; workers fetch, POST with
 * undici, complete). Both sides enqueue with the same number of concurrent producers.
 * pg-boss runs twice: through its own work() API (how it is meant to be used; it waits its 0.5 s
 * polling interval between batches), and as the tightest consumer we could write with its
 * fetch()/complete(): the goal row, 3 interleaved rounds; work() is reported once, as context.
 * Each round starts fresh worker processes and sends WARM_UP deliveries through them before the
 * timed ones (both sides): 5,000 per worker process, as the in-process rows warm up their one
 * dispatcher, so that a round measures workers in their steady state — as they run in
 * production — rather than V8 compiling them (cold, that was about a sixth of a worker's CPU).
 */
import pg from 'pg'
import PgBoss from 'pg-boss'
import { createWebhooks, envelope } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { callRecord, child, databaseUrl, interleaved, quiet, round, startReceiver, type Result } from './lib.js'

const EVENTS = 10_000
const WORKER_CONCURRENCY = 25
export const PRODUCERS = 8
const WORKERS = 2
export const WARM_UP = 5_000 * WORKERS

/** Sends items `from`…`to` - 1 with PRODUCERS sends in flight. */
export async function produce(from: number, to: number, send: (i: number) => Promise<unknown>): Promise<void> {
  let next = from
  await Promise.all(Array.from({ length: PRODUCERS }, async () => {
    while (next < to) await send(next++)
  }))
}

/**
 * Sends `warmUp` items, waits until the receiver has them all, then times `count` more: ms from the
 * first timed send until the receiver has every timed one.
 */
async function timed(receiver: Receiver, warmUp: number, count: number, send: (i: number) => Promise<unknown>): Promise<number> {
  if (warmUp > 0) {
    const warm = await receiver.expect(warmUp)
    await produce(0, warmUp, send)
    await warm()
  }
  const done = await receiver.expect(count)
  const started = Date.now()
  await produce(warmUp, warmUp + count, send)
  return (await done()) - started
}

/** Milliseconds from the first send until the receiver has all of them, with two pg-boss worker processes of `mode`. */
type Receiver = Awaited<ReturnType<typeof startReceiver>>

/**
 * Drops a run's schema as soon as the run ends, so that no round works beside the tables of the
 * rounds before it (autovacuum and ANALYZE of 20,000-row tables once slowed whichever side ran
 * last: our round 3 was the lowest in three runs out of three).
 */
async function dropSchema(schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl })
  await admin.connect()
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await admin.end()
  }
}

/** `bodies` holds the warm-up's and then the timed ones. */
async function pgBoss(mode: 'pgboss-work' | 'pgboss-fetch', schema: string, receiver: Receiver, bodies: string[], warmUp: number): Promise<number> {
  const boss = new PgBoss({ connectionString: databaseUrl, schema, max: PRODUCERS })
  boss.on('error', () => {})
  await boss.start()
  await boss.createQueue('deliveries')
  const workers = Array.from({ length: WORKERS }, () => child('pg-worker', mode, schema, String(WORKER_CONCURRENCY), receiver.url))
  await Promise.all(workers.map((w) => w.line('ready')))
  const ms = await timed(receiver, warmUp, bodies.length - warmUp, (i) => boss.send('deliveries', { body: bodies[i] }))
  await Promise.all(workers.map((w) => w.stop()))
  await boss.stop({ graceful: false })
  await dropSchema(schema)
  return ms
}

/** Milliseconds from the first timed emit until the receiver has every delivery: one emitting process (this one), two dispatcher processes. */
async function callhook(schema: string, receiver: Receiver, records: Array<Record<string, unknown>>, warmUp: number): Promise<number> {
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: PRODUCERS }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
  await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
  const workers = Array.from({ length: WORKERS }, () => child('pg-worker', 'callhook', schema, String(WORKER_CONCURRENCY)))
  await Promise.all(workers.map((w) => w.line('ready')))
  const ms = await timed(receiver, warmUp, records.length - warmUp, (i) => hooks.emit('call:completed', records[i]))
  await Promise.all(workers.map((w) => w.stop()))
  await hooks.close()
  await dropSchema(schema)
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
  const records = Array.from({ length: WARM_UP + EVENTS }, (_, i) => callRecord(i))
  const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
  const rate = (ms: number) => (EVENTS / ms) * 1000
  try {
    // The goal row: 3 interleaved rounds against the tightest pg-boss consumer.
    const fetchLoop = await interleaved(
      { name: 'dispatch-postgres-vs-pg-boss-fetch-loop', unit: 'deliveries/s', goal: '≥ 1.5' },
      async () => rate(await pgBoss('pgboss-fetch', schema('pgboss_fetch'), receiver, bodies, WARM_UP)),
      async () => rate(await callhook(schema('callhook_bench'), receiver, records, WARM_UP)),
    )
    // Context: pg-boss's own work() API, which sleeps its 0.5 s polling interval between batches
    // (about 100 s for 10,000 jobs), once, against the median of ours above; without a warm-up
    // (its rate is that sleep's, not its CPU's).
    const work = rate(await pgBoss('pgboss-work', schema('pgboss_work'), receiver, bodies.slice(WARM_UP), 0))
    return [
      fetchLoop,
      { name: 'dispatch-postgres-vs-pg-boss', ours: fetchLoop.ours, baseline: round(work, 0), unit: 'deliveries/s', ratio: round(fetchLoop.ours / work), rounds: [{ ours: fetchLoop.ours, baseline: round(work, 0), ratio: round(fetchLoop.ours / work) }] },
    ]
  } finally {
    await receiver.stop()
    for (const name of schemas) await dropSchema(name) // those of a run that failed
  }
}
