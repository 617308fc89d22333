import type { Db } from './db.js'
import type { QueueStats } from '@callhook/core'

/** The backlog at $1: pending deliveries due, and the earliest due time (partial index deliveries_due). */
export const queueStatsSql = (schema: string) =>
  `SELECT count(*)::int AS depth, min(next_attempt_at) AS oldest FROM ${schema}.deliveries WHERE status = 'pending' AND next_attempt_at <= $1`

/**
 * The backlog at `now`: pending deliveries due, and the earliest due time. One statement, read
 * from the partial index deliveries_due (next_attempt_at, id) WHERE status = 'pending'.
 */
export async function queueStats(db: Db, schema: string, now: string): Promise<QueueStats> {
  const { rows } = await db.query<{ depth: number; oldest: Date | null }>(queueStatsSql(schema), [now])
  const row = rows[0]!
  return { depth: row.depth, oldestDueAt: row.oldest ? row.oldest.toISOString() : null }
}
