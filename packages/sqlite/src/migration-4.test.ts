import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, expect, it } from 'vitest'
import { endpointRecord } from '@callhook/core/testing'
import { migrations } from './migrations.js'
import { SqliteStore } from './sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-m4-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('migration 4: endpoints stored before it read their dates in UTC; the idempotency key table exists', async () => {
  const filename = join(dir, 'v3.db')
  const db = new Database(filename)
  for (const sql of migrations.slice(0, 3)) db.exec(sql)
  db.pragma('user_version = 3')
  const { timezone: _timezone, ...before } = endpointRecord()
  db.prepare('INSERT INTO endpoints (id, account_id, enabled, record) VALUES (?, ?, 1, ?)').run(before.id, null, JSON.stringify(before))
  db.close()
  const store = new SqliteStore({ filename })
  await store.init()
  expect(await store.getEndpoint(before.id)).toEqual({ ...before, timezone: 'UTC' })
  expect(await store.prune({ before: new Date().toISOString(), limit: 10 })).toBe(0) // the key table is there to prune
  await store.close()
})
