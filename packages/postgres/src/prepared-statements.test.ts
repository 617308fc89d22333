import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = (name: string) => `callhook_prepared_${name}_${process.pid}_${Date.now().toString(36)}`
const schemas: string[] = []
const admin = new pg.Pool({ connectionString: url, max: 1 })
afterAll(async () => {
  for (const name of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`)
  await admin.end()
})

async function hooksOn(name: string, preparedStatements: boolean) {
  schemas.push(name)
  const store = new PostgresStore({ connectionString: url, schema: name, poolSize: 1, preparedStatements })
  const hooks = createWebhooks({ store, dispatch: false, logger: { warn() {}, error() {} } })
  await hooks.endpoints.create({ url: 'https://example.com/hook', events: ['call:completed'] })
  return { hooks, store }
}

const preparedCount = async (store: PostgresStore) => Number((await store.pool.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE name LIKE 'callhook_%'")).rows[0].n)

it('statements are prepared once per connection, and a table changed under a prepared SELECT * is read again', async () => {
  const name = schema('on')
  const { hooks, store } = await hooksOn(name, true)
  try {
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    expect((await store.getEvent(eventId))?.id).toBe(eventId)
    expect(await preparedCount(store)).toBeGreaterThan(0)
    // a newer version of callhook migrating while this process runs: PostgreSQL refuses the old plan
    // ("cached plan must not change result type"); the store prepares the statement again
    await admin.query(`ALTER TABLE "${name}".events ADD COLUMN added_later text`)
    expect((await store.getEvent(eventId))?.id).toBe(eventId)
  } finally {
    await hooks.close()
  }
})

it('preparedStatements: false (a pooler in transaction mode) prepares nothing and works the same', async () => {
  const { hooks, store } = await hooksOn(schema('off'), false)
  try {
    const { eventId, deliveries } = await hooks.emit('call:completed', { id: 'c1' })
    expect(deliveries).toBe(1)
    expect((await store.getEvent(eventId))?.id).toBe(eventId)
    expect(await preparedCount(store)).toBe(0)
  } finally {
    await hooks.close()
  }
})
