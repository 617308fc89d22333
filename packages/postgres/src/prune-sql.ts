import type { Db } from './db.js'

/**
 * Deletes up to `limit` events older than `before` that have no pending delivery (their
 * deliveries go with them), attempts started before it, and idempotency keys made before it.
 * Answers how many rows went.
 */
export async function prune(db: Db, s: string, query: { before: string; limit: number }): Promise<number> {
  const events = await db.query(
    `DELETE FROM ${s}.events WHERE id IN (SELECT e.id FROM ${s}.events e WHERE e."timestamp" < $1
     AND NOT EXISTS (SELECT 1 FROM ${s}.deliveries d WHERE d.event_id = e.id AND d.status = 'pending') LIMIT $2)`,
    [query.before, query.limit],
  )
  const attempts = await db.query(`DELETE FROM ${s}.attempts WHERE id IN (SELECT id FROM ${s}.attempts WHERE started_at < $1 LIMIT $2)`, [query.before, query.limit])
  const keys = await db.query(`DELETE FROM ${s}.idempotency_keys WHERE ctid IN (SELECT ctid FROM ${s}.idempotency_keys WHERE created_at < $1 LIMIT $2)`, [query.before, query.limit])
  return (events.rowCount ?? 0) + (attempts.rowCount ?? 0) + (keys.rowCount ?? 0)
}
