import pg from 'pg'
import { afterAll, expect, it } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { PostgresStore } from './postgres-store.js'

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_idem_outbox_${process.pid}_${Date.now().toString(36)}`
const pool = new pg.Pool({ connectionString: url, max: 3 })
afterAll(async () => {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

it("emit({ client, idempotencyKey }): the key commits or rolls back with the host's transaction; a concurrent emit waits for it", async () => {
  const hooks = createWebhooks({ store: new PostgresStore({ pool, schema }), dispatch: false, logger: { warn() {}, error() {} } })
  try {
    await hooks.endpoints.list() // migrated
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const inside = await hooks.emit('call:completed', { id: 'c1' }, { client, idempotencyKey: 'outbox-1' })
      await client.query('ROLLBACK')
      const after = await hooks.emit('call:completed', { id: 'c1' }, { idempotencyKey: 'outbox-1' })
      expect(after.replayed).toBe(false) // the rolled-back key was never taken
      expect(after.eventId).not.toBe(inside.eventId)
      expect(await hooks.store.getEvent(inside.eventId)).toBeNull()

      await client.query('BEGIN')
      const held = await hooks.emit('call:completed', { id: 'c2' }, { client, idempotencyKey: 'outbox-2' })
      let settled = false
      const concurrent = hooks.emit('call:completed', { id: 'c2' }, { idempotencyKey: 'outbox-2' }).finally(() => (settled = true))
      // The concurrent emit waits on the key's index entry while the host's transaction is open.
      await waitForLockWait()
      expect(settled).toBe(false)
      await client.query('COMMIT')
      expect(await concurrent).toEqual({ ...held, replayed: true })
    } finally {
      client.release()
    }
  } finally {
    await hooks.close()
  }
})

/** Resolves once a session writing this schema's idempotency keys waits for a transaction lock (the concurrent emit). */
async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'transactionid' AND NOT l.granted AND a.query LIKE $1`,
      [`%"${schema}".idempotency_keys%`],
    )
    if (rows[0].n > 0) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the concurrent emit never waited for the lock')
}
