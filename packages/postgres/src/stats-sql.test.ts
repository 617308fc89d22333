import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '@callhook/core/testing'
import { quoteIdent } from './migrate.js'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_stats_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: url, max: 1 })
afterAll(() => admin.end())

describe('PostgreSQL endpoint stats', () => {
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
