import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'
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
  it('queue stats read the backlog through the partial deliveries_due index, with no sequential scan', async () => {
    const plan = await planOf(queueStatsSql, ['2026-01-01T00:00:00Z'])
    expect(plan).toMatch(/Index (Only )?Scan using deliveries_due/)
    expect(plan).not.toMatch(/Seq Scan/)
  })

  it('endpoint stats find the attempts through the (endpoint_id, started_at) index, with no sequential scan', async () => {
    const plan = await planOf(endpointStatsSql, ['ep_1', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'hour'])
    expect(plan).toMatch(/Index (Only )?Scan using attempts_endpoint_started/)
    expect(plan).not.toMatch(/Seq Scan/)
  })
})
