import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { QUEUE_STATS_SQL } from './queue-sql.js'
import { SqliteStore } from './sqlite-store.js'
import { ENDPOINT_STATS_SQL } from './stats-sql.js'

const dir = mkdtempSync(join(tmpdir(), 'callhook-sqlite-plans-'))
const filename = join(dir, 'plan.db')
beforeAll(async () => {
  const store = new SqliteStore({ filename })
  await store.init()
  await store.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** SQLite's EXPLAIN QUERY PLAN for the statement, one detail line per step. */
function planOf(sql: string, params: unknown): string[] {
  const db = new Database(filename, { readonly: true })
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as Array<{ detail: string }>).map((row) => row.detail)
  } finally {
    db.close()
  }
}

describe('SQLite query plans', () => {
  it('queue stats read only the partial deliveries_due index, never the deliveries table', () => {
    const plan = planOf(QUEUE_STATS_SQL, '2026-01-01T00:00:00.000Z')
    expect(plan).toContainEqual(expect.stringMatching(/SEARCH deliveries USING COVERING INDEX deliveries_due \(next_attempt_at<\?\)/))
    expect(plan.filter((d) => /SCAN deliveries\b/.test(d))).toEqual([])
  })

  it('endpoint stats read only the (endpoint_id, started_at, success, duration_ms) index, never the attempts table', () => {
    const plan = planOf(ENDPOINT_STATS_SQL, { endpoint: 'ep_1', from: '2026-01-01T00:00:00.000Z', to: '2026-01-02T00:00:00.000Z', bucket: 'hour' })
    expect(plan).toContainEqual(expect.stringMatching(/SEARCH attempts USING COVERING INDEX attempts_endpoint_started \(endpoint_id=\? AND started_at>\? AND started_at<\?\)/))
    expect(plan.filter((d) => /SCAN attempts\b/.test(d))).toEqual([])
  })
})
