/**
 * Where the CPU of dispatch-postgres-vs-pg-boss goes: runs one side once (callhook, or pg-boss's
 * fetch loop with `--pg-boss`) and prints wall time, deliveries/s and CPU milliseconds per delivery
 * for the emitting process, the worker processes, the receiver, PostgreSQL and the whole machine
 * (from /proc). With pg_stat_statements loaded, also the statements that took the most time.
 *   pnpm bench:profile-postgres [--pg-boss] [--warmup N] [events]
 * --warmup N: N deliveries through the same workers first, not measured (default: the benchmark's, 5,000 per worker).
 * PROFILE_CONCURRENCY: requests in flight per worker (default 25, as the benchmark). PROFILE_TIMES=1
 * (callhook): the average time a delivery waited from emit to send, its HTTP exchange, and the
 * time from its response to its attempt log, from the stored rows.
 * PROFILE_SQL: SQL run on callhook's schema (`:schema`) once the store made it, to try a change
 * to it (an index dropped, a storage setting) without touching the migrations.
 */
import { spawn } from 'node:child_process'
import pg from 'pg'
import PgBoss from 'pg-boss'
import { createWebhooks, envelope } from '@callhook/core'
import { PostgresStore } from '@callhook/postgres'
import { PRODUCERS, produce, WARM_UP } from './dispatch-postgres-vs-pg-boss.js'
import { callRecord, child, databaseUrl, quiet, startReceiver, type Child } from './lib.js'
import { machineTicks, postgresTicks, postgresTicksSince, ticks, userSystem } from './proc-cpu.js'

const args = process.argv.slice(2)
const pgBoss = args.includes('--pg-boss')
const warmupAt = args.indexOf('--warmup')
const WARMUP = warmupAt >= 0 ? Number(args.splice(warmupAt, 2)[1]) : WARM_UP
const EVENTS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000)
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY ?? 25)

const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
const statements = await admin.query(`SELECT pg_stat_statements_reset()`).then(() => true, () => false)
const schema = `profile_${process.pid}`
const receiver = await startReceiver()
const records = Array.from({ length: WARMUP + EVENTS }, (_, i) => callRecord(i))
let workers: Child[]
let send: (i: number) => Promise<unknown>
let close: () => Promise<void>
if (pgBoss) {
  const boss = new PgBoss({ connectionString: databaseUrl, schema, max: PRODUCERS })
  boss.on('error', () => {})
  await boss.start()
  await boss.createQueue('deliveries')
  const bodies = records.map((data, i) => JSON.stringify(envelope({ id: `msg_${i}`, type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data })))
  workers = [0, 1].map(() => child('pg-worker', 'pgboss-fetch', schema, String(CONCURRENCY), receiver.url))
  send = (i) => boss.send('deliveries', { body: bodies[i] })
  close = () => boss.stop({ graceful: false })
} else {
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: databaseUrl, schema, poolSize: PRODUCERS }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
  await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
  if (process.env.PROFILE_SQL) await admin.query(process.env.PROFILE_SQL.replaceAll(':schema', `"${schema}"`))
  workers = [0, 1].map(() => child('pg-worker', 'callhook', schema, String(CONCURRENCY)))
  send = (i) => hooks.emit('call:completed', records[i]!)
  close = () => hooks.close()
}
await Promise.all(workers.map((w) => w.line('ready')))
if (WARMUP > 0) {
  const warm = await receiver.expect(WARMUP)
  await produce(0, WARMUP, send)
  await warm()
}
if (statements) await admin.query(`SELECT pg_stat_statements_reset()`)
try {
  const done = await receiver.expect(EVENTS)
  const before = { self: process.cpuUsage(), workers: workers.map((w) => ticks(w.process.pid!)), workerSystem: workers.map((w) => userSystem(w.process.pid!)[1]), postgres: postgresTicks(), machine: machineTicks() }
  // PROFILE_PERF=<file>: a whole-machine `perf record -g` (CPU clock, 999 Hz) of the timed part; run with
  // NODE_OPTIONS=--perf-basic-prof so that perf names the workers' JavaScript functions
  const perf = process.env.PROFILE_PERF ? spawn('perf', ['record', '-a', '-g', '-F', '999', '-e', 'cpu-clock', '-o', process.env.PROFILE_PERF], { stdio: 'ignore' }) : undefined
  if (perf) await new Promise((resolve) => setTimeout(resolve, 300))
  const started = Date.now()
  await produce(WARMUP, WARMUP + EVENTS, send)
  const ms = (await done()) - started
  if (perf) await new Promise((resolve) => perf.once('exit', resolve).kill('SIGINT'))
  const self = process.cpuUsage(before.self)
  const workerTicks = workers.reduce((sum, w, i) => sum + ticks(w.process.pid!) - before.workers[i]!, 0)
  const workerSystem = workers.reduce((sum, w, i) => sum + userSystem(w.process.pid!)[1] - before.workerSystem[i]!, 0)
  const postgres = postgresTicksSince(before.postgres)
  const machine = machineTicks() - before.machine
  const perDelivery = (tickCount: number) => ((tickCount * 10) / EVENTS).toFixed(3)
  console.log(`${pgBoss ? 'pg-boss fetch loop' : 'callhook'}: ${EVENTS} deliveries in ${ms} ms, ${Math.round((EVENTS / ms) * 1000)}/s`)
  console.log(`CPU ms per delivery: emitter ${(((self.user + self.system) / 1000) / EVENTS).toFixed(3)}, workers ${perDelivery(workerTicks)} (system ${perDelivery(workerSystem)}), postgres ${perDelivery(postgres)}, machine ${perDelivery(machine)} (receiver and the rest: ${perDelivery(machine - postgres - workerTicks - (self.user + self.system) / 10_000)})`)
  if (process.env.PROFILE_TIMES && !pgBoss) {
    const { rows: t } = await admin.query(`SELECT round(avg(extract(epoch FROM a.started_at - d.created_at) * 1000)::numeric, 1) AS queued_ms, round(avg(a.duration_ms)::numeric, 1) AS http_ms,
      round(avg(extract(epoch FROM d.updated_at - a.started_at) * 1000 - a.duration_ms)::numeric, 1) AS to_log_ms, percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS http_p50
      FROM "${schema}".attempts a JOIN "${schema}".deliveries d ON d.id = a.delivery_id WHERE d.created_at > now() - interval '1 minute'`)
    console.table(t)
  }
  if (statements) {
    const { rows } = await admin.query(`SELECT calls, round(total_exec_time::numeric, 0) AS ms, round((total_exec_time / calls * 1000)::numeric, 0) AS us_per_call, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
      FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15`)
    console.table(rows)
  }
} finally {
  await Promise.all(workers.map((w) => w.stop()))
  await close()
  await receiver.stop()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
}
