/**
 * The PostgreSQL store's statements one kind at a time, in this process on an otherwise idle
 * database: 6,000 emits made 8 at a time (as 8 producers would), then claims of 14 each followed
 * by the attempt logs of what they took, then 500 next-due reads. Prints, per phase, PostgreSQL's
 * CPU (all its processes, from /proc) and this process's CPU per delivery — steadier than the
 * whole pipeline, for comparing a change to the SQL.
 *   pnpm bench:profile-postgres-statements
 * PROFILE_SQL: SQL run on the schema (`:schema`) after the migrations, as in profile-postgres.ts.
 */
import pg from 'pg'
import type { ClaimedDelivery } from '@callhook/core'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
import { callRecord, databaseUrl } from './lib.js'
import { postgresTicks, postgresTicksSince } from './proc-cpu.js'

const DELIVERIES = 6000
const schema = `statements_${process.pid}`

/** Runs one phase and prints the CPU it cost per `unit` (`count` of them). */
async function phase(name: string, count: number, unit: string, run: () => Promise<void>): Promise<void> {
  const before = { postgres: postgresTicks(), self: process.cpuUsage(), at: Date.now() }
  await run()
  const postgresMs = postgresTicksSince(before.postgres) * 10
  const self = process.cpuUsage(before.self)
  console.log(`${name.padEnd(12)} postgres ${((postgresMs * 1000) / count).toFixed(0)} µs/${unit}, this process ${((self.user + self.system) / count).toFixed(0)} µs/${unit}, ${Date.now() - before.at} ms`)
}

const admin = new pg.Pool({ connectionString: databaseUrl, max: 1 })
const store = new PostgresStore({ connectionString: databaseUrl, schema, poolSize: 4 })
try {
  await store.init()
  if (process.env.PROFILE_SQL) await admin.query(process.env.PROFILE_SQL.replaceAll(':schema', `"${schema}"`))
  store.shareLimits({ failureThreshold: 5, cooldownMs: 1000, maxCooldownMs: 4000 })
  const endpoint = endpointRecord({ url: 'http://127.0.0.1:9/hook' })
  await store.insertEndpoint(endpoint)
  const events = Array.from({ length: DELIVERIES }, (_, i) => eventRecord({ data: callRecord(i) }))
  const deliveries = events.map((event) => deliveryRecord(event, endpoint.id))

  await phase('emit', DELIVERIES, 'delivery', async () => {
    for (let i = 0; i < DELIVERIES; i += 8) await Promise.all(events.slice(i, i + 8).map((event, j) => store.insertEvent(event, [deliveries[i + j]!])))
  })

  const body = JSON.stringify(events[0]!.data)
  const logSuccess = (d: ClaimedDelivery) => store.recordAttempt(
    attemptRecord(d, { request: { method: 'POST', url: endpoint.url, headers: { 'content-type': 'application/json', 'webhook-id': d.eventId, 'webhook-signature': `v1,${'x'.repeat(44)}` }, body } }),
    { status: 'succeeded', attempts: 1, leaseUntil: null, nextAttemptAt: null, lastStatusCode: 200, lastError: null, nextTrigger: 'scheduled' },
  )
  let claimed = 0
  await phase('claim + log', DELIVERIES, 'delivery', async () => {
    for (;;) {
      const now = Date.now()
      const batch = await store.claimDueDeliveries({
        now: new Date(now).toISOString(), limit: 14, leaseUntil: new Date(now + 600_000).toISOString(), excludeEndpointIds: [], limits: { perEndpoint: 50, slotHorizonMs: 1000 },
      })
      if (batch.length === 0) break
      claimed += batch.length
      await Promise.all(batch.map(logSuccess))
    }
  })
  if (claimed !== DELIVERIES) throw new Error(`claimed ${claimed} of ${DELIVERIES}`)

  await phase('next due', 500, 'call', async () => {
    for (let i = 0; i < 500; i++) await store.nextDueAt()
  })
} finally {
  await store.close()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
}
