/**
 * dispatch-postgres-vs-pg-boss: two worker processes on one PostgreSQL deliver N events to a
 * receiver in another process, first emit to last receipt — callhook (emit → SKIP LOCKED claims,
 * LISTEN/NOTIFY) vs pg-boss doing the same job (one job per delivery; workers fetch, POST with
 * undici, complete). Both sides enqueue with the same number of concurrent producers.
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

export async function dispatchPostgresVsPgBoss(): Promise<Result> {
  const receiver = await startReceiver()
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const ourSchema = `callhook_bench_${suffix}`
  const bossSchema = `pgboss_bench_${suffix}`
  const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
  const records = Array.from({ length: EVENTS }, (_, i) => callRecord(i))
  try {
    // callhook: an emit-only process (this one) and two dispatcher processes
    const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema: ourSchema, poolSize: PRODUCERS }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
    await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
    const ours = [child('pg-worker', 'callhook', ourSchema, String(WORKER_CONCURRENCY)), child('pg-worker', 'callhook', ourSchema, String(WORKER_CONCURRENCY))]
    await Promise.all(ours.map((w) => w.line('ready')))
    let done = await receiver.expect(EVENTS)
    let started = Date.now()
    await produce(EVENTS, (i) => hooks.emit('call:completed', records[i]))
    const oursMs = (await done()) - started
    await Promise.all(ours.map((w) => w.stop()))
    await hooks.close()

    // pg-boss: the same bodies, one job each, two worker processes
    const boss = new PgBoss({ connectionString: databaseUrl, schema: bossSchema, max: PRODUCERS })
    boss.on('error', () => {})
    await boss.start()
    await boss.createQueue('deliveries')
    const theirs = [child('pg-worker', 'pgboss', bossSchema, String(WORKER_CONCURRENCY), receiver.url), child('pg-worker', 'pgboss', bossSchema, String(WORKER_CONCURRENCY), receiver.url)]
    await Promise.all(theirs.map((w) => w.line('ready')))
    const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
    done = await receiver.expect(EVENTS)
    started = Date.now()
    await produce(EVENTS, (i) => boss.send('deliveries', { body: bodies[i] }))
    const theirsMs = (await done()) - started
    await Promise.all(theirs.map((w) => w.stop()))
    await boss.stop({ graceful: false })

    const oursRate = (EVENTS / oursMs) * 1000
    const theirRate = (EVENTS / theirsMs) * 1000
    return { name: 'dispatch-postgres-vs-pg-boss', ours: round(oursRate, 0), baseline: round(theirRate, 0), unit: 'deliveries/s', ratio: round(oursRate / theirRate), goal: '≥ 2.0' }
  } finally {
    await receiver.stop()
    for (const schema of [ourSchema, bossSchema]) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
    await admin.end()
  }
}
