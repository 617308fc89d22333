import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'
import { recordAttemptsSql } from './attempt-sql.js'
import { claimGatesSql, claimLimitedSql } from './claim-sql.js'
import { queueStatsSql } from './queue-sql.js'
import { endpointStatsSql } from './stats-sql.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_plans_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: url, max: 1 })
beforeAll(async () => {
  const store = new PostgresStore({ connectionString: url, schema, poolSize: 1 })
  await store.init()
  await store.close()
})
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)
  await admin.end()
})

/** PostgreSQL's EXPLAIN for the statement (built for this file's schema), with sequential scans priced out. */
async function planOf(sql: (schema: string) => string, params: unknown[]): Promise<string> {
  const client = await admin.connect()
  try {
    await client.query('SET enable_seqscan = off') // an empty table is cheapest to scan: ask whether the index can serve
    const { rows } = await client.query(`EXPLAIN ${sql(quoteIdent(schema))}`, params)
    return rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
  } finally {
    await client.query('RESET enable_seqscan')
    client.release()
  }
}

describe('PostgreSQL query plans', () => {
  it('queue stats read the backlog through a partial index of pending deliveries, with no sequential scan', async () => {
    const plan = await planOf(queueStatsSql, ['2026-01-01T00:00:00Z'])
    expect(plan).toMatch(/Index (Only )?Scan using deliveries_(endpoint_)?due/)
    expect(plan).not.toMatch(/Seq Scan/)
  })

  it('endpoint stats find the attempts through the (endpoint_id, started_at) index, with no sequential scan', async () => {
    const plan = await planOf(endpointStatsSql, ['ep_1', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'hour'])
    expect(plan).toMatch(/Index (Only )?Scan using attempts_endpoint_started/)
    expect(plan).not.toMatch(/Seq Scan/)
  })

  // A claim must read only what it takes, however long the backlog: every read of deliveries an
  // ordered scan of one endpoint's pending rows (or a key lookup), never a join or bitmap over all.
  const now = '2026-01-01T00:00:00Z'
  it('a claim finds endpoints with due work through deliveries_endpoint_due, one row each', async () => {
    const plan = await planOf(claimGatesSql, [now, now, [], 10])
    expect(plan).toMatch(/Limit[\s\S]*Index Scan using deliveries_endpoint_due/)
    expect(plan).not.toMatch(/Seq Scan on deliveries|Bitmap Heap Scan on deliveries|Hash.*Join/)
  })

  it('a claim takes each endpoint\'s oldest due deliveries through deliveries_endpoint_due, at most its free places', async () => {
    const plan = await planOf(claimLimitedSql, [now, now, [], 25, ['ep_1', 'ep_2'], 10, now, 'pending'])
    expect(plan).toMatch(/Limit[\s\S]*Index Scan using deliveries_endpoint_due/)
    expect(plan).not.toMatch(/Seq Scan on deliveries|Bitmap Heap Scan on deliveries/)
  })

  it('attempt logs written together find their deliveries and gates by key, never by reading the tables', async () => {
    const plan = await planOf((s) => recordAttemptsSql(s, ['status', 'lease_until'], true), ['[]', '[]', now, ['dlv_1', 'dlv_2'], ['ep_1']])
    expect(plan).toMatch(/deliveries_pkey on deliveries d_1\b[^\n]*\n\s*Index Cond: \(id = a\.delivery_id\)/) // the insert's check: one probe per attempt
    expect(plan.match(/Index Cond: \((\(id = p\.id\) AND )?\(?id = ANY/g)).toHaveLength(1) // and the update
    expect(plan).toMatch(/endpoint_gates_pkey on endpoint_gates l[^\n]*\n\s*Index Cond: \(endpoint_id = ANY/)
    expect(plan).not.toMatch(/Seq Scan/)
  })
})
