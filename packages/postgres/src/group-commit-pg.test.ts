import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { DeliveryRecord } from '@callhook/core'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { PostgresStore } from './postgres-store.js'

// Emits and attempt logs made at once share statements (group-commit.ts); these check what that
// must not change: each is stored exactly once, a bad one fails alone, a success still closes a
// shared circuit, and nothing resolves before it is committed.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_group_${process.pid}_${Date.now().toString(36)}`
const store = new PostgresStore({ connectionString: url, schema, poolSize: 4 })
const admin = new pg.Pool({ connectionString: url, max: 1 })
const count = async (table: string, where = 'true', values: unknown[] = []) =>
  Number((await admin.query(`SELECT count(*) AS n FROM "${schema}".${table} WHERE ${where}`, values)).rows[0].n)

beforeAll(() => store.init())
afterAll(async () => {
  await store.close()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

it('emits made at once share statements, each stored once and readable as soon as it resolves', async () => {
  const ep = endpointRecord()
  await store.insertEndpoint(ep)
  const inserts = countInserts()
  const emits = Array.from({ length: 40 }, (_, i) => {
    const event = eventRecord({ data: { id: `call_${i}`, text: `quote " and \\ backslash ${i}` }, ...(i % 2 ? { traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` } : {}) })
    return { event, deliveries: [deliveryRecord(event, ep.id)] }
  })
  await Promise.all(emits.map(async ({ event, deliveries }) => {
    expect(await store.insertEvent(event, deliveries)).toBeUndefined()
    expect(await store.getEvent(event.id)).toEqual(event) // committed before it resolved, data and traceparent exactly as given
    expect(await store.getDelivery(deliveries[0]!.id)).toEqual(deliveries[0])
  }))
  expect(await count('events')).toBe(40)
  expect(await count('deliveries')).toBe(40)
  expect(inserts.stop()).toBeLessThanOrEqual(4) // 40 emits in a handful of statements, not one each
})

it('an emit that cannot be stored (its endpoint is gone) fails alone; the emits sharing its statement are stored', async () => {
  const ep = endpointRecord()
  await store.insertEndpoint(ep)
  const good = Array.from({ length: 5 }, () => eventRecord())
  const bad = eventRecord()
  const inserts = countInserts()
  const results = await Promise.allSettled([
    ...good.slice(0, 2).map((event) => store.insertEvent(event, [deliveryRecord(event, ep.id)])),
    store.insertEvent(bad, [deliveryRecord(bad, 'ep_does_not_exist')]),
    ...good.slice(2).map((event) => store.insertEvent(event, [deliveryRecord(event, ep.id)])),
  ])
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
  expect(String((results[2] as PromiseRejectedResult).reason)).toMatch(/foreign key/)
  expect(inserts.stop()).toBe(7) // the shared statement of all six, then each again alone
  for (const event of good) expect(await store.getEvent(event.id)).not.toBeNull()
  expect(await store.getEvent(bad.id)).toBeNull()
})

it('attempts logged at once are each written once with their delivery moved on; one whose delivery is gone is skipped', async () => {
  const ep = endpointRecord()
  await store.insertEndpoint(ep)
  const event = eventRecord()
  const deliveries = Array.from({ length: 12 }, () => deliveryRecord(event, ep.id))
  await store.insertEvent(event, deliveries)
  const gone = deliveryRecord(event, ep.id) // never stored
  const logs = countStatements(/INSERT INTO \S+\.attempts/)
  const outcomes = [
    ...deliveries.map((d, i) => store.recordAttempt(attemptRecord(d, { number: 1 }), i % 3
      ? { status: 'succeeded', attempts: 1, leaseUntil: null, nextAttemptAt: null, lastStatusCode: 200 }
      : { status: 'pending', attempts: 1, retriesUsed: 1, leaseUntil: null, nextAttemptAt: new Date(Date.now() + 60_000).toISOString(), lastStatusCode: 500, lastError: 'HTTP 500' })),
    store.recordAttempt(attemptRecord(gone), { status: 'succeeded', attempts: 1, leaseUntil: null, nextAttemptAt: null }),
  ]
  await Promise.all(outcomes)
  // 13 attempts logged at once, in three statements: one per set of columns their patches set (successes, retries, the one whose delivery is gone)
  expect(logs.stop()).toBe(3)
  expect(await count('attempts', 'delivery_id = ANY($1)', [deliveries.map((d) => d.id)])).toBe(12)
  expect(await count('attempts', 'delivery_id = $1', [gone.id])).toBe(0)
  const stored = await Promise.all(deliveries.map((d) => store.getDelivery(d.id)))
  stored.forEach((d, i) => {
    expect(d).toMatchObject(i % 3 ? { status: 'succeeded', attempts: 1, lastStatusCode: 200, nextAttemptAt: null } : { status: 'pending', attempts: 1, retriesUsed: 1, lastError: 'HTTP 500' })
  })
  const logged = await store.listAttempts(deliveries[1]!.id)
  expect(logged).toHaveLength(1)
  expect(logged[0]!.request).toEqual(attemptRecord(deliveries[1]!).request) // the JSON columns read back as written
})

/** With shared limits (a circuit opening after 2 failures in a row): an endpoint with 4 deliveries, and its gate row as read now. */
async function withSharedLimits(test: (deliveries: DeliveryRecord[], gate: () => Promise<unknown>) => Promise<void>): Promise<void> {
  store.shareLimits({ failureThreshold: 2, cooldownMs: 60_000, maxCooldownMs: 60_000 })
  try {
    const ep = endpointRecord()
    await store.insertEndpoint(ep)
    const event = eventRecord()
    const deliveries = Array.from({ length: 4 }, () => deliveryRecord(event, ep.id))
    await store.insertEvent(event, deliveries)
    await test(deliveries, async () => (await admin.query(`SELECT failures, open_until FROM "${schema}".endpoint_gates WHERE endpoint_id = $1`, [ep.id])).rows[0])
  } finally {
    store.shareLimits(null)
  }
}
const at = (ms: number) => new Date(Date.now() + ms).toISOString()

it('with shared limits, successes logged together still close the circuit their endpoint\'s failures opened', () => withSharedLimits(async (deliveries, gate) => {
  for (const d of deliveries.slice(0, 2)) await store.recordAttempt(attemptRecord(d, { success: false, error: 'HTTP 500', startedAt: at(-5_000) }), { status: 'pending', leaseUntil: null })
  expect(await gate()).toMatchObject({ failures: 2, open_until: expect.any(Date) })
  await Promise.all(deliveries.slice(2).map((d) => store.recordAttempt(attemptRecord(d), { status: 'succeeded', leaseUntil: null, nextAttemptAt: null })))
  expect(await gate()).toEqual({ failures: 0, open_until: null })
}))

it('with shared limits, a success written after failures that ended later than it does not close the circuit they opened', () => withSharedLimits(async ([early, fail1, fail2, late], gate) => {
  for (const [d, startedAt] of [[fail1!, at(-5_000)], [fail2!, at(-4_000)]] as const) {
    await store.recordAttempt(attemptRecord(d, { success: false, error: 'HTTP 500', startedAt, durationMs: 10 }), { status: 'pending', leaseUntil: null })
  }
  expect(await gate()).toMatchObject({ failures: 2, open_until: expect.any(Date) })
  // a success that ended before those failures, logged after them (it waited for its group's statement)
  await store.recordAttempt(attemptRecord(early!, { startedAt: at(-9_000), durationMs: 10 }), { status: 'succeeded', leaseUntil: null, nextAttemptAt: null })
  expect(await gate()).toMatchObject({ failures: 2, open_until: expect.any(Date) })
  // one that ended after them closes it
  await store.recordAttempt(attemptRecord(late!, { startedAt: at(-1_000), durationMs: 10 }), { status: 'succeeded', leaseUntil: null, nextAttemptAt: null })
  expect(await gate()).toEqual({ failures: 0, open_until: null })
}))

/** Counts the statements matching `pattern` that the store's pools (both) send from now until stop(). */
function countStatements(pattern: RegExp): { stop(): number } {
  const proto = pg.Pool.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const query = proto.query
  let n = 0
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text
    if (pattern.test(text)) n++
    return query.apply(this, args)
  }
  return { stop: () => ((proto.query = query), n) }
}
const countInserts = () => countStatements(/INSERT INTO \S+\.events/)
