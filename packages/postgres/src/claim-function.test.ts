import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { endpointRecord, deliveryRecord, eventRecord } from '@callhook/core/testing'
import { ClaimFunction } from './claim-function.js'
import { REPLAN_AFTER, type Db } from './db.js'
import { PostgresStore } from './postgres-store.js'

// A claim with shared limits is one call of a PL/pgSQL function (claim-function.ts): one round
// trip where it was four, the same two statements inside it.
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_claimfn_${process.pid}_${Date.now().toString(36)}`
const store = new PostgresStore({ connectionString: url, schema, poolSize: 2 })
const admin = new pg.Pool({ connectionString: url, max: 1 })
const now = () => new Date().toISOString()
const query = (limit: number) => ({ now: now(), limit, leaseUntil: new Date(Date.now() + 60_000).toISOString(), excludeEndpointIds: [], limits: { perEndpoint: 3, slotHorizonMs: 1000 } })

beforeAll(async () => {
  await store.init()
  store.shareLimits(null)
})
afterAll(async () => {
  await store.close()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

/** A new endpoint with `n` deliveries due, one event each. */
async function endpointWithDue(n: number) {
  const ep = endpointRecord()
  await store.insertEndpoint(ep)
  for (let i = 0; i < n; i++) {
    const event = eventRecord({ data: { id: `call_${i}` } })
    await store.insertEvent(event, [deliveryRecord(event, ep.id)])
  }
  return ep
}

it('a claim with shared limits is one statement, and still stops at the free places per endpoint', async () => {
  const ep = await endpointWithDue(5)
  const texts: string[] = []
  const query0 = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string }
    texts.push(typeof config === 'string' ? config : config.text)
    return (query0 as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof query0
  try {
    const claimed = await store.claimDueDeliveries(query(10))
    expect(claimed).toHaveLength(3) // perEndpoint 3
    expect(claimed.every((d) => d.event?.data && d.endpoint?.id === ep.id && d.leaseUntil !== null)).toBe(true)
    expect(texts).toHaveLength(1)
    expect(texts[0]).toMatch(/^SELECT \* FROM "callhook_claimfn_\w+"\.claim_due_[0-9a-f]{16}_0\(\$1/)
    expect(await store.claimDueDeliveries(query(10))).toEqual([]) // three leases live: no free place
  } finally {
    pg.Client.prototype.query = query0
  }
})

it('the functions are made once per schema, one per REPLAN_AFTER mark; a store that finds them gone makes them again', async () => {
  const names = async () => (await admin.query(`SELECT proname FROM pg_proc WHERE pronamespace = '"${schema}"'::regnamespace AND proname LIKE 'claim_due_%' ORDER BY proname`)).rows.map((r: { proname: string }) => r.proname.replace(/_[0-9a-f]{16}_/, '_<hash>_'))
  const made = Array.from({ length: REPLAN_AFTER.length + 1 }, (_, plan) => `claim_due_<hash>_${plan}`)
  expect(await names()).toEqual(made)
  await new PostgresStore({ connectionString: url, schema, poolSize: 1 }).init() // a second process starting: nothing new
  expect(await names()).toEqual(made)
  await admin.query(`DO $$ DECLARE f regprocedure; BEGIN FOR f IN SELECT oid::regprocedure FROM pg_proc WHERE pronamespace = '"${schema}"'::regnamespace AND proname LIKE 'claim_due_%' LOOP EXECUTE 'DROP FUNCTION ' || f; END LOOP; END $$`)
  expect(await store.claimDueDeliveries(query(1))).toEqual([])
  expect(await names()).toEqual(made)
})

it('calls move to the next numbered function at each REPLAN_AFTER mark, so PostgreSQL plans the claim again for the tables as they have grown', async () => {
  const fn = new ClaimFunction(store.pool, 'replan_test')
  const texts: string[] = []
  const db: Db = { query: async (text: string) => (texts.push(text), { rows: [] } as never) }
  for (let run = 1; run <= REPLAN_AFTER[1]!; run++) await fn.claim(db, query(1))
  const plan = (run: number) => /claim_due_[0-9a-f]+_(\d)\(/.exec(texts[run - 1]!)?.[1]
  expect([plan(1), plan(REPLAN_AFTER[0]! - 1), plan(REPLAN_AFTER[0]!), plan(REPLAN_AFTER[1]! - 1), plan(REPLAN_AFTER[1]!)]).toEqual(['0', '0', '1', '1', '2'])
})

it('a claim with shared limits fills its limit while that many are claimable, and answers short only when nothing more is', async () => {
  const ep = await endpointWithDue(110)
  const others = (await admin.query(`SELECT id FROM "${schema}".endpoints WHERE id <> $1`, [ep.id])).rows.map((r: { id: string }) => r.id)
  const claim = async () => (await store.claimDueDeliveries({ ...query(50), excludeEndpointIds: others, limits: { perEndpoint: 200, slotHorizonMs: 1000 } })).length
  expect([await claim(), await claim(), await claim(), await claim()]).toEqual([50, 50, 10, 0])
})
