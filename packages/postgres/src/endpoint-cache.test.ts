import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_endpoint_cache_${process.pid}_${Date.now().toString(36)}`
const admin = new pg.Pool({ connectionString: url, max: 2 })
const quiet = { warn() {}, error() {} }
const open: Webhooks[] = []
const instance = () => {
  const hooks = createWebhooks({ store: new PostgresStore({ connectionString: url, schema, poolSize: 2 }), dispatch: false, allowPrivateNetworks: true, logger: quiet })
  open.push(hooks)
  return hooks
}
afterAll(async () => {
  for (const hooks of open) await hooks.close()
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await admin.end()
})

it("an emit sees every endpoint change another process made after this one cached the type's endpoints", async () => {
  const emitter = instance() // caches which endpoints call:completed goes to
  const panel = instance() // another process: the REST API where customers edit endpoints
  await emitter.endpoints.list()
  const first = await panel.endpoints.create({ url: 'http://127.0.0.1:9/a', events: ['call:completed'] })
  expect((await emitter.emit('call:completed', { id: 'c1' })).deliveries).toBe(1)

  const second = await panel.endpoints.create({ url: 'http://127.0.0.1:9/b', events: ['*'] })
  expect((await emitter.emit('call:completed', { id: 'c2' })).deliveries).toBe(2) // the cached answer was refused and read again

  await panel.endpoints.update(first.id, { enabled: false })
  const third = await emitter.emit('call:completed', { id: 'c3' })
  expect((await emitter.store.listDeliveries({ eventId: third.eventId, limit: 10 })).map((d) => d.endpointId)).toEqual([second.id])

  // a change made outside callhook (plain SQL) moves the version too: a trigger, not the store, counts
  await admin.query(`UPDATE "${schema}".endpoints SET enabled = false WHERE id = $1`, [second.id])
  expect((await emitter.emit('call:completed', { id: 'c4' })).deliveries).toBe(0)

  // with an idempotency key: a refused insert takes no key, so the retry stores the event under it
  await panel.endpoints.create({ url: 'http://127.0.0.1:9/c', events: ['call:completed'] })
  const keyed = await emitter.emit('call:completed', { id: 'c5' }, { idempotencyKey: 'k-1' })
  expect(keyed).toMatchObject({ deliveries: 1, replayed: false })
  expect(await emitter.emit('call:completed', { id: 'c5' }, { idempotencyKey: 'k-1' })).toEqual({ ...keyed, replayed: true })
})

it("emit({ client }) inside the host's transaction checks the cached answer too", async () => {
  const emitter = instance()
  const panel = instance()
  await panel.endpoints.create({ url: 'http://127.0.0.1:9/one', events: ['sms:received'] })
  expect((await emitter.emit('sms:received', { id: 's0' })).deliveries).toBe(1) // cached
  await panel.endpoints.create({ url: 'http://127.0.0.1:9/two', events: ['sms:received'] })
  const client = await admin.connect()
  try {
    await client.query('BEGIN')
    const inside = await emitter.emit('sms:received', { id: 's1' }, { client })
    await client.query('COMMIT')
    expect(inside.deliveries).toBe(2)
    expect(await emitter.store.listDeliveries({ eventId: inside.eventId, limit: 10 })).toHaveLength(2)
  } finally {
    client.release()
  }
})

it('an insert is checked against the version of the very answer it was worked out from, not the newest cached one', async () => {
  const emitter = instance()
  const panel = instance()
  await emitter.endpoints.list()
  const store = emitter.store
  const event = (id: string) => ({ id, type: 'lead:created', timestamp: new Date().toISOString(), accountId: null, data: {} })
  const old = await store.endpointsForEvent('lead:created', null) // read at version v
  await panel.endpoints.create({ url: 'http://127.0.0.1:9/lead', events: ['lead:created'] }) // v + 1
  expect(await store.insertEvent(event('msg_stale_1'), [], { endpoints: old })).toEqual({ staleEndpoints: true })
  const fresh = await store.endpointsForEvent('lead:created', null) // the cache now holds v + 1
  expect(fresh).toHaveLength(1)
  // an emit that read the old answer before the cache moved on is still refused
  expect(await store.insertEvent(event('msg_stale_2'), [], { endpoints: old })).toEqual({ staleEndpoints: true })
  expect(await store.insertEvent(event('msg_fresh'), [], { endpoints: fresh })).toBeUndefined()
  expect(await store.getEvent('msg_stale_2')).toBeNull()
  expect(await store.getEvent('msg_fresh')).not.toBeNull()
})
