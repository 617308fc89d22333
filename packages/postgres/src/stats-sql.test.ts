import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'
import { endpointStatsSql } from './stats-sql.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_stats_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: url, max: 1 })
afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`)
  await admin.end()
})

describe('PostgreSQL endpoint stats', () => {
  it('finds the attempts through the (endpoint_id, started_at) index, with no sequential scan', async () => {
    const store = new PostgresStore({ connectionString: url, schema, poolSize: 1 })
    await store.init()
    await store.close()
    const client = await admin.connect()
    try {
      await client.query('SET enable_seqscan = off') // an empty table is cheapest to scan: ask whether the index can serve
      const { rows } = await client.query(`EXPLAIN ${endpointStatsSql(quoteIdent(schema))}`, ['ep_1', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'hour'])
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n')
      expect(plan).toMatch(/Index (Only )?Scan using attempts_endpoint_started/)
      expect(plan).not.toMatch(/Seq Scan/)
    } finally {
      await client.query('RESET enable_seqscan')
      client.release()
    }
  })
  it('buckets by UTC hours and days whatever the session time zone (here +05:30)', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 2, options: '-c TimeZone=Asia/Kolkata' })
    const store = new PostgresStore({ pool, schema: `${schema}_tz` })
    try {
      await store.init()
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const event = eventRecord()
      const delivery = deliveryRecord(event, ep.id)
      await store.insertEvent(event, [delivery])
      await store.recordAttempt(attemptRecord(delivery, { startedAt: '2026-03-10T20:05:00.000Z', durationMs: 8 }), {})
      const query = { endpointId: ep.id, from: '2026-03-10T00:00:00.000Z', to: '2026-03-12T00:00:00.000Z' }
      expect((await store.endpointStats({ ...query, bucket: 'hour' })).map((b) => b.start)).toEqual(['2026-03-10T20:00:00.000Z'])
      expect((await store.endpointStats({ ...query, bucket: 'day' })).map((b) => b.start)).toEqual(['2026-03-10T00:00:00.000Z'])
    } finally {
      await store.close()
      await pool.end()
      await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdent(`${schema}_tz`)} CASCADE`)
    }
  })
})
