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

it('a statement is prepared again after 16 and 256 runs, so it is planned for the tables as they have grown', async () => {
  const name = schema('replan')
  const { hooks, store } = await hooksOn(name, true)
  try {
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const plans = async () => (await store.pool.query(
      `SELECT name FROM pg_prepared_statements WHERE name LIKE 'callhook_%' AND statement LIKE '%FROM "${name}".events WHERE id = $1%' ORDER BY prepare_time`,
    )).rows.map((r: { name: string }) => r.name.replace(/^callhook_\w+_\d+_/, 'plan '))
    for (let run = 1; run <= 15; run++) await store.getEvent(eventId)
    expect(await plans()).toEqual(['plan 0'])
    await store.getEvent(eventId) // the 16th run
    expect(await plans()).toEqual(['plan 0', 'plan 1'])
    for (let run = 17; run <= 300; run++) await store.getEvent(eventId)
    expect(await plans()).toEqual(['plan 0', 'plan 1', 'plan 2'])
  } finally {
    await hooks.close()
  }
})
