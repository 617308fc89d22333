import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { QUEUE_STATS_SQL } from './queue-sql.js'
import { SqliteStore } from './sqlite-store.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-queue-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SQLite queue stats', () => {
  it('reads only the partial deliveries_due index, never the deliveries table', async () => {
    const filename = join(dir, 'plan.db')
    const store = new SqliteStore({ filename })
    await store.init()
    await store.close()
    const db = new Database(filename, { readonly: true })
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_STATS_SQL}`).all('2026-01-01T00:00:00.000Z') as Array<{ detail: string }>).map((row) => row.detail)
      expect(plan).toContainEqual(expect.stringMatching(/SEARCH deliveries USING COVERING INDEX deliveries_due \(next_attempt_at<\?\)/))
      expect(plan.filter((d) => /SCAN deliveries\b/.test(d))).toEqual([])
    } finally {
      db.close()
    }
  })
})
