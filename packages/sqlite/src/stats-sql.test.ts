import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SqliteStore } from './sqlite-store.js'
import { ENDPOINT_STATS_SQL } from './stats-sql.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-stats-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SQLite endpoint stats', () => {
  it('reads only the (endpoint_id, started_at, success, duration_ms) index, never the attempts table', async () => {
    const filename = join(dir, 'plan.db')
    const store = new SqliteStore({ filename })
    await store.init()
    await store.close()
    const db = new Database(filename, { readonly: true })
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${ENDPOINT_STATS_SQL}`).all({ endpoint: 'ep_1', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', bucket: 'hour' }) as Array<{ detail: string }>)
        .map((row) => row.detail)
      expect(plan).toContainEqual(expect.stringMatching(/SEARCH attempts USING COVERING INDEX attempts_endpoint_started \(endpoint_id=\? AND started_at>\? AND started_at<\?\)/))
      expect(plan.filter((d) => /SCAN attempts\b/.test(d))).toEqual([])
    } finally {
      db.close()
    }
  })
})
