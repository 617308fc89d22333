import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'
import { queueStatsSql } from './queue-sql.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_queue_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: url, max: 1 })
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)
  await admin.end()
})

describe('PostgreSQL queue stats', () => {
  it('reads the backlog through the partial deliveries_due index, with no sequential scan', async () => {
    const store = new PostgresStore({ connectionString: url, schema, poolSize: 1 })
    await store.init()
    await store.close()
    const client = await admin.connect()
    try {
      await client.query('SET enable_seqscan = off') // an empty table is cheapest to scan: ask whether the index can serve
      const { rows } = await client.query(`EXPLAIN ${queueStatsSql(quoteIdent(schema))}`, ['2026-01-01T00:00:00Z'])
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
      expect(plan).toMatch(/Index (Only )?Scan using deliveries_due/)
      expect(plan).not.toMatch(/Seq Scan/)
    } finally {
      await client.query('RESET enable_seqscan')
      client.release()
    }
  })
})
