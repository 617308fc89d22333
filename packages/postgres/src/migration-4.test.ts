import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { endpointRecord } from '@callhook/core/testing'
import { migrate } from './migrate.js'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_m4_${process.pid}_${Date.now().toString(36)}`
const pool = new pg.Pool({ connectionString: url, max: 2 })
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

it('migration 000004: endpoints stored before it read their dates in UTC; idempotency keys have their table', async () => {
  await migrate(pool, schema)
  // Back to version 3, with an endpoint written by that version (no timezone).
  await pool.query(`DROP TABLE "${schema}".idempotency_keys; DELETE FROM "${schema}".migrations WHERE id = 4`)
  const { timezone: _timezone, ...before } = endpointRecord()
  await pool.query(`INSERT INTO "${schema}".endpoints (id, account_id, enabled, events, record) VALUES ($1, NULL, true, $2, $3)`, [before.id, before.events, JSON.stringify(before)])
  expect(await migrate(pool, schema)).toEqual([4])
  const store = new PostgresStore({ pool, schema })
  expect(await store.getEndpoint(before.id)).toEqual({ ...before, timezone: 'UTC' })
  const { rows } = await pool.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'idempotency_keys'`, [schema])
  expect(rows.map((r) => r.indexdef).join('\n')).toMatch(/UNIQUE INDEX idempotency_keys_pkey .*\(account_key, key\)/)
})
