import type { DeliveryRecord, EventRecord, IdempotencyClaim, IdempotentReplay } from '@callhook/core'
import { fromDelivery } from '@callhook/core/store-kit'
import type { Db } from './db.js'


/**
 * One statement: the event, its deliveries and a NOTIFY (delivered at commit). With an
 * idempotency claim the key row is written first in the same statement (INSERT … ON CONFLICT on
 * its primary key, taking over only an expired key); the event and deliveries are written only if
 * the key was taken. A concurrent emit with the same key waits on the key's index entry until the
 * first commits, then finds the key taken and reads the first event's answer.
 */
export async function insertEvent(db: Db, s: string, channel: string, event: EventRecord, deliveries: readonly DeliveryRecord[], claim?: IdempotencyClaim): Promise<IdempotentReplay | void> {
  const values = [event.id, event.type, event.timestamp, event.accountId, JSON.stringify(event.data), JSON.stringify(deliveries.map(fromDelivery)), channel, event.traceparent ?? null]
  if (!claim) {
    await db.query(
      `WITH event AS (INSERT INTO ${s}.events (id, type, "timestamp", account_id, data, traceparent) VALUES ($1, $2, $3, $4, $5, $8)),
            deliveries AS (INSERT INTO ${s}.deliveries SELECT * FROM json_populate_recordset(NULL::${s}.deliveries, $6))
       SELECT pg_notify($7, $1) WHERE $6::json->>0 IS NOT NULL`,
      values,
    )
    return
  }
  const accountKey = claim.accountId ?? ''
  const { rows } = await db.query(
    `WITH claimed AS (
       INSERT INTO ${s}.idempotency_keys AS k (account_key, key, event_id, deliveries, created_at) VALUES ($9, $10, $1, $11, $3)
       ON CONFLICT (account_key, key) DO UPDATE SET event_id = EXCLUDED.event_id, deliveries = EXCLUDED.deliveries, created_at = EXCLUDED.created_at
       WHERE k.created_at < $12
       RETURNING 1),
     event AS (INSERT INTO ${s}.events (id, type, "timestamp", account_id, data, traceparent) SELECT $1, $2, $3, $4, $5, $8 WHERE EXISTS (SELECT 1 FROM claimed)),
     deliveries AS (INSERT INTO ${s}.deliveries SELECT * FROM json_populate_recordset(NULL::${s}.deliveries, $6) WHERE EXISTS (SELECT 1 FROM claimed))
     SELECT pg_notify($7, $1) FROM claimed`,
    [...values, accountKey, claim.key, deliveries.length, claim.expiredBefore],
  )
  if (rows.length > 0) return
  const first = await db.query<{ event_id: string; deliveries: number }>(`SELECT event_id, deliveries FROM ${s}.idempotency_keys WHERE account_key = $1 AND key = $2`, [accountKey, claim.key])
  const row = first.rows[0]
  if (!row) throw new Error(`Idempotency key "${claim.key}" was neither taken nor found (deleted meanwhile?)`)
  return { replayOf: { eventId: row.event_id, deliveries: row.deliveries } }
}
