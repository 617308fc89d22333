import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_pool_${process.pid}_${Date.now().toString(36)}`
const pool = new pg.Pool({ connectionString: url, max: 3 })
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

describe('PostgresStore on an existing pg.Pool', () => {
  it("uses the host's pool, wakes through LISTEN on the same server, and leaves the pool open on close", async () => {
    const receiver = await startTestReceiver()
    const hooks = createWebhooks({ store: new PostgresStore({ pool, schema }), allowPrivateNetworks: true, pollIntervalMs: 60_000, logger: { warn() {}, error() {} } })
    const emitter = createWebhooks({ store: new PostgresStore({ pool, schema }), dispatch: false, allowPrivateNetworks: true, logger: { warn() {}, error() {} } })
    try {
      await emitter.endpoints.create({ url: receiver.url, events: ['call:completed'] })
      await hooks.endpoints.list()
      await new Promise((resolve) => setTimeout(resolve, 300)) // LISTEN is up
      const { eventId } = await emitter.emit('call:completed', { id: 'c1' })
      const [request] = await receiver.waitFor(1, 5000) // the poll is a minute away: NOTIFY woke the dispatcher
      expect(request!.headers['webhook-id']).toBe(eventId)
    } finally {
      await hooks.close()
      await emitter.close()
      await receiver.close()
    }
    expect((await pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
  })
})
