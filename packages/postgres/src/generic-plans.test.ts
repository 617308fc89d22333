import pg from 'pg'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { recordAttemptsSql } from './attempt-sql.js'
import { claimGatesSql, claimLimitedSql, claimSimpleSql, nextDueSql } from './claim-sql.js'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'

// The work pool runs claims and attempt logs with generic plans (workPool in db.ts), made once
// for all parameter values. Once the tables have grown, those plans must read deliveries by key or
// in index order, never the whole table: 40,000 deliveries to 20 endpoints, 1,000 still pending,
// 50 of them in flight (leased).
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_generic_${process.pid}_${Date.now().toString(36)}`
const s = quoteIdent(schema)
/**
 * A schema whose tables are still small (3,000 deliveries, 30 pending, 20 leased) and never
 * analyzed, as when a store's statements are prepared again early on (REPLAN_AFTER).
 */
const small = quoteIdent(`${schema}_small`)
const client = new pg.Client({ connectionString: url })

async function fill(target: string, deliveries: number, pending: number, leased: number): Promise<void> {
  await client.query(`INSERT INTO ${target}.endpoints SELECT 'ep_' || i, NULL, true, '{*}', '{}' FROM generate_series(1, 20) i`)
  await client.query(`INSERT INTO ${target}.endpoint_gates (endpoint_id) SELECT id FROM ${target}.endpoints`)
  await client.query(`INSERT INTO ${target}.events SELECT 'msg_' || i, 'call:completed', now(), NULL, '{}' FROM generate_series(1, ${deliveries}) i`)
  await client.query(`INSERT INTO ${target}.deliveries (id, event_id, event_type, endpoint_id, status, attempts, retries_used, next_attempt_at, next_trigger, created_at, updated_at)
    SELECT 'dlv_' || i, 'msg_' || i, 'call:completed', 'ep_' || (i % 20 + 1), CASE WHEN i > ${deliveries - pending} THEN 'pending' ELSE 'succeeded' END, 0, 0,
      CASE WHEN i > ${deliveries - pending} THEN now() END, 'scheduled', now(), now() FROM generate_series(1, ${deliveries}) i`)
  await client.query(`UPDATE ${target}.deliveries SET lease_until = now() + interval '1 minute' WHERE id IN (SELECT id FROM ${target}.deliveries WHERE status = 'pending' ORDER BY id LIMIT ${leased})`)
}

beforeAll(async () => {
  for (const name of [schema, `${schema}_small`]) {
    const store = new PostgresStore({ connectionString: url, schema: name, poolSize: 1 })
    await store.init()
    await store.close()
  }
  await client.connect()
  await fill(s, 40_000, 1000, 50)
  // "never analyzed": autovacuum must not ANALYZE the small schema's tables during the run
  for (const table of ['endpoints', 'endpoint_gates', 'events', 'deliveries']) await client.query(`ALTER TABLE ${small}.${table} SET (autovacuum_enabled = off)`)
  await fill(small, 3000, 30, 20)
  await client.query(`ANALYZE ${s}.deliveries; ANALYZE ${s}.events; ANALYZE ${s}.endpoints; ANALYZE ${s}.endpoint_gates`)
  await client.query('SET plan_cache_mode = force_generic_plan; SET enable_bitmapscan = off') // as the work pool's connections
}, 60_000)
afterAll(async () => {
  await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE; DROP SCHEMA IF EXISTS ${small} CASCADE`)
  await client.end()
})

let n = 0
/** The generic plan PostgreSQL prepares for `sql` (EXPLAIN EXECUTE of a prepared statement). */
async function genericPlan(sql: string, params: unknown[]): Promise<string> {
  const name = `generic_${n++}`
  await client.query(`PREPARE ${name} AS ${sql}`)
  const literal = (p: unknown) => (Array.isArray(p) ? `ARRAY[${p.map((x) => `'${x}'`).join(',')}]::text[]` : `'${p}'`)
  const { rows } = await client.query(`EXPLAIN EXECUTE ${name}${params.length ? `(${params.map(literal).join(', ')})` : ''}`)
  return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
}
const now = new Date().toISOString()

it('the claim reads each endpoint\'s due deliveries in index order and leases them by key', async () => {
  const gates = await genericPlan(claimGatesSql(s), [now, now, [], 10])
  expect(gates).toMatch(/Index Scan using deliveries_endpoint_due/)
  expect(gates).toMatch(/Index Only Scan using deliveries_endpoint_leased/)
  const claim = await genericPlan(claimLimitedSql(s), [now, now, [], 25, ['ep_1'], 10, now, 'pending'])
  expect(claim).toMatch(/Limit[\s\S]*Index Scan using deliveries_endpoint_due/)
  expect(claim).toMatch(/Index Scan using deliveries_pkey on deliveries d\b/) // the UPDATE finds the chosen rows by key
  expect(claim).toMatch(/Index Scan using events_pkey/)
  for (const plan of [gates, claim]) expect(plan).not.toMatch(/Seq Scan on (deliveries|events)/)
})

// The live leases of an endpoint (its place in perEndpoint): only that endpoint's leases, through
// deliveries_endpoint_leased. Counted as `lease_until > now` with leases in flight, PostgreSQL chose
// deliveries_leased (every lease of every endpoint, filtered; migration 11 replaced it) once the
// tables were analyzed, and deliveries_endpoint_due (every pending delivery of the endpoint) while
// they were small.
it('a claim counts an endpoint\'s live leases through deliveries_endpoint_leased, on small or grown tables', async () => {
  for (const target of [small, s]) {
    const gates = await genericPlan(claimGatesSql(target), [now, now, [], 10])
    const claim = await genericPlan(claimLimitedSql(target), [now, now, [], 25, ['ep_1'], 10, now, 'pending'])
    for (const plan of [gates, claim]) {
      const live = /Index Only Scan using (\w+) on deliveries l\b.*\n\s*Index Cond: ([^\n]*)/.exec(plan)
      expect(live?.[1]).toBe('deliveries_endpoint_leased')
      expect(live?.[2]).toMatch(/endpoint_id = g\.endpoint_id/)
      expect(live?.[2]).toMatch(/lease_until/)
    }
  }
})

it('attempt logs find their deliveries by key; the next due time reads one row of an index', async () => {
  for (const target of [small, s]) {
    const attempts = await genericPlan(recordAttemptsSql(target, ['status', 'lease_until'], true), ['[]', '[]', now, ['dlv_1'], ['ep_1']])
    expect(attempts.match(/using deliveries_pkey/g)).toHaveLength(2)
    expect(attempts).not.toMatch(/Seq Scan on deliveries/)
    const next = await genericPlan(nextDueSql(target), [])
    expect(next).toMatch(/Limit[\s\S]*Index Scan using deliveries_due/)
    expect(next).toMatch(/Limit[\s\S]*Index Only Scan using deliveries_lease_ends/) // the earliest lease end: the first entry
    expect(next).not.toMatch(/Seq Scan on deliveries/)
  }
})

it('a claim planned while the tables were small and never analyzed still leases the chosen rows by key, not by scanning the pending ones per row', async () => {
  const claim = await genericPlan(claimLimitedSql(small), [now, now, [], 25, ['ep_1'], 10, now, 'pending'])
  expect(claim).toMatch(/Index Scan using deliveries_pkey on deliveries d\b/)
  expect(claim).not.toMatch(/Join Filter: \(d\.id = chosen\.id\)/)
})

it('a claim without shared limits, planned on small or grown tables, locks due rows in index order and leases them by key', async () => {
  for (const target of [small, s]) {
    const claim = await genericPlan(claimSimpleSql(target), [now, now, [], 25])
    expect(claim).toMatch(/Index Scan using deliveries_pkey on deliveries d\b/)
    expect(claim).toMatch(/Index Scan using deliveries_(endpoint_)?due on deliveries c\b/)
    expect(claim).not.toMatch(/Seq Scan on deliveries/)
  }
})

it('inside the claim function (claim-function.ts) PostgreSQL runs both statements with those plans', async () => {
  const { rows } = await client.query(`SELECT oid::regproc::text AS name FROM pg_proc WHERE pronamespace = '${s}'::regnamespace AND proname LIKE 'claim_due_%_0'`)
  const messages: string[] = []
  const heard = (notice: { message?: string }) => messages.push(notice.message ?? '')
  // auto_explain logs the plan of every statement the function runs; at client_min_messages = log, to this client
  await client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET client_min_messages = log`)
  client.on('notice', heard)
  try {
    const at = new Date().toISOString() // the pending deliveries fell due when the tables were filled
    const claimed = await client.query(`SELECT * FROM ${rows[0].name}($1, $2, $3, $4, $5, $6, $7)`, [new Date(Date.now() + 60_000).toISOString(), at, [], 25, 10, at, 'pending'])
    expect(claimed.rows.length).toBeGreaterThan(0)
  } finally {
    client.off('notice', heard)
    await client.query('RESET client_min_messages; RESET auto_explain.log_min_duration')
  }
  const gates = messages.find((m) => /Query Text: .*ARRAY\(SELECT g\.endpoint_id/s.test(m)) ?? ''
  const claim = messages.find((m) => /Query Text: WITH gate AS/.test(m)) ?? ''
  expect(gates).toMatch(/Index Scan using deliveries_endpoint_due/)
  expect(gates).toMatch(/Index Only Scan using deliveries_endpoint_leased/)
  expect(claim).toMatch(/Index Scan using deliveries_pkey on deliveries d\b/)
  expect(claim).toMatch(/Index Scan using events_pkey/)
  for (const plan of [gates, claim]) expect(plan).not.toMatch(/Seq Scan on (deliveries|events)/)
})
