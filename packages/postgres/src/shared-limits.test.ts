import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClaimedDelivery } from '@callhook/core'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { claimSimpleSql } from './claim-sql.js'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_limits_${process.pid}_${Date.now().toString(36)}`
const store = new PostgresStore({ connectionString: url, schema, poolSize: 4 })
const iso = (ms: number) => new Date(ms).toISOString()

beforeAll(async () => {
  await store.init()
  store.shareLimits({ failureThreshold: 2, cooldownMs: 1000, maxCooldownMs: 4000 })
})
afterAll(async () => {
  await store.close()
  const admin = new pg.Pool({ connectionString: url })
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

async function endpointWithDue(n: number, rateLimitPerSecond: number | null = null) {
  const ep = endpointRecord({ rateLimitPerSecond })
  await store.insertEndpoint(ep)
  const event = eventRecord()
  const due = Array.from({ length: n }, (_, i) => deliveryRecord(event, ep.id, { nextAttemptAt: iso(Date.now() - 10_000 + i) }))
  await store.insertEvent(event, due)
  return ep
}
const claim = (now: number, perEndpoint: number): Promise<ClaimedDelivery[]> =>
  store.claimDueDeliveries({ now: iso(now), limit: 50, leaseUntil: iso(now + 30_000), excludeEndpointIds: [], limits: { perEndpoint, slotHorizonMs: 1000 } })
/** A failed attempt that ended at `at` (the circuit moves on the attempt's own clock). */
const fail = (d: ClaimedDelivery, at = Date.now()) =>
  store.recordAttempt(attemptRecord(d, { success: false, error: 'HTTP 500', startedAt: iso(at - 12), durationMs: 12 }), { status: 'pending', leaseUntil: null, nextAttemptAt: iso(Date.now() - 1) })

describe('PostgreSQL shared limits (the claim every process goes through)', () => {
  it('two claims at once take no more than the concurrency cap of one endpoint, each at its own rate-limit slot', async () => {
    const ep = await endpointWithDue(10, 5)
    const now = Date.now()
    const [a, b] = await Promise.all([claim(now, 3), claim(now, 3)])
    const taken = [...a, ...b].filter((d) => d.endpointId === ep.id)
    expect(taken).toHaveLength(3)
    const slots = taken.map((d) => Date.parse(d.startAt!)).sort((x, y) => x - y)
    expect(slots.slice(1).map((s, i) => s - slots[i]!)).toEqual([240, 240]) // 1.2 s / 5
    expect(await claim(now, 3)).toEqual([]) // full: 3 live leases
    await store.recordAttempt(attemptRecord(taken[0]!), { status: 'succeeded', leaseUntil: null, nextAttemptAt: null })
    const next = (await claim(now, 3)).filter((d) => d.endpointId === ep.id)
    expect(next).toHaveLength(1)
    expect(Date.parse(next[0]!.startAt!)).toBe(slots[2]! + 240) // the gate's next slot, whoever claims
  })

  it('the circuit opens on failures in a row from anyone, lets exactly one probe through after the cooldown, and a failed probe doubles it', async () => {
    const ep = await endpointWithDue(6)
    const first = (await claim(Date.now(), 10)).filter((d) => d.endpointId === ep.id)
    expect(first).toHaveLength(6)
    const opened = Date.now()
    await fail(first[0]!, opened)
    await fail(first[1]!, opened) // threshold 2: open for 1 s
    expect((await claim(Date.now() + 100, 10)).filter((d) => d.endpointId === ep.id)).toEqual([])
    const probe = (await claim(opened + 1100, 10)).filter((d) => d.endpointId === ep.id)
    expect(probe).toHaveLength(1)
    expect((await claim(opened + 1200, 10)).filter((d) => d.endpointId === ep.id)).toEqual([]) // one probe at a time
    const reopened = opened + 1300
    await fail(probe[0]!, reopened)
    expect((await claim(reopened + 1500, 10)).filter((d) => d.endpointId === ep.id)).toEqual([]) // 2 s now
    const second = (await claim(reopened + 2100, 10)).filter((d) => d.endpointId === ep.id)
    expect(second).toHaveLength(1)
    // the probe succeeds (on this test's clock: after the failures, which a success must have ended after to close the circuit)
    await store.recordAttempt(attemptRecord(second[0]!, { startedAt: iso(reopened + 2100), durationMs: 10 }), { status: 'succeeded', leaseUntil: null, nextAttemptAt: null })
    expect((await claim(Date.now() + 31_000, 10)).filter((d) => d.endpointId === ep.id).length).toBeGreaterThan(1) // closed: all but the cap again
  })
})

describe('PostgreSQL ordering in the claim statement', () => {
  it('asks whether an earlier same-key delivery is pending with one probe of the partial index', async () => {
    const client = await store.pool.connect()
    try {
      await client.query('SET enable_seqscan = off') // an empty table is cheapest to scan: ask whether the index can serve
      const { rows } = await client.query(`EXPLAIN ${claimSimpleSql(quoteIdent(schema))}`, [iso(Date.now() + 30_000), iso(Date.now()), [], 50])
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
      expect(plan).toMatch(/Index (Only )?Scan using deliveries_key_pending/)
      expect(plan).toMatch(/Index (Only )?Scan (Backward )?using deliveries_key /) // held_behind: the delivery just before
    } finally {
      await client.query('RESET enable_seqscan')
      client.release()
    }
  })
})
