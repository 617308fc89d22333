import pg from 'pg'
import { afterAll } from 'vitest'
import { describeStoreContract } from '@callhook/core/testing'
import { PostgresStore } from './postgres-store.js'

// Each run works in schemas of its own; missing PostgreSQL fails the run (it is not skipped).
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const prefix = `callhook_contract_${process.pid}_${Date.now().toString(36)}`
const schemas: string[] = []
afterAll(async () => {
  const pool = new pg.Pool({ connectionString: url })
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

describeStoreContract('postgres', () => {
  const schema = `${prefix}_${schemas.length}`
  schemas.push(schema)
  return new PostgresStore({ connectionString: url, schema, poolSize: 3 })
})
