import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { CallhookError, createWebhooks } from '@callhook/core'
import { SqliteStore } from './sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-errors-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SQLite errors reach the caller as a clear error, never a crash', () => {
  it('an emit whose write fails (the file locked by another process past busy_timeout) rejects with store_unavailable; the next one works', async () => {
    const filename = join(dir, 'locked.db')
    const hooks = createWebhooks({ store: new SqliteStore({ filename }), dispatch: false, logger: { warn() {}, error() {} } })
    try {
      await hooks.endpoints.create({ url: 'https://crm.example.com/hooks' })
      const other = new Database(filename)
      other.exec('BEGIN EXCLUSIVE')
      const failed = await hooks.emit('call:completed', { id: 'c1' }).catch((error: unknown) => error)
      other.exec('ROLLBACK')
      other.close()
      expect(failed).toBeInstanceOf(CallhookError)
      expect(failed).toMatchObject({ code: 'store_unavailable', status: 503, message: expect.stringMatching(/the event was not stored.*database is locked/) })
      const { deliveries } = await hooks.emit('call:completed', { id: 'c2' })
      expect(deliveries).toBe(1)
    } finally {
      await hooks.close()
    }
  }, 20_000)
})
