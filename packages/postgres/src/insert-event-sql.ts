import type { DeliveryRecord, EventRecord, IdempotencyClaim, IdempotentReplay, StaleEndpoints } from '@callhook/core'
import { fromDelivery } from '@callhook/core/store-kit'
import type { Db } from './db.js'


/**
 * One statement: the event, its deliveries and a NOTIFY (delivered at commit). With an
 * idempotency claim the key row is written first in the same statement (INSERT … ON CONFLICT on
 * its primary key, taking over only an expired key); the event and deliveries are written only if
 * the key was taken. A concurrent emit with the same key waits on the key's index entry until the
 * first commits, then finds the key taken and reads the first event's answer.
 *
 * `endpointVersion`: the endpoint version the deliveries were worked out at (a cached answer, see
 * endpoint-cache.ts). When the version this statement sees is newer, nothing is written and the
 * answer is `{ staleEndpoints: true }`; null checks nothing. (Inside a host's REPEATABLE READ
 * transaction the statement may see an older version than the cache: the answer then reflects
 * changes committed since, as a fresh read through the pool always did, and is used.)
 */
export async function insertEvent(
  db: Db, s: string, channel: string, event: EventRecord, deliveries: readonly DeliveryRecord[], claim: IdempotencyClaim | undefined, endpointVersion: string | null,
): Promise<IdempotentReplay | StaleEndpoints | void> {
  const values = [event.id, event.type, event.timestamp, event.accountId, JSON.stringify(event.data), JSON.stringify(deliveries.map(fromDelivery)), channel, event.traceparent ?? null, endpointVersion]
  const fresh = `fresh AS (SELECT 1 FROM ${s}.endpoint_version WHERE $9::bigint IS NULL OR version <= $9::bigint)`
  if (!claim) {
    const { rows } = await db.query<{ fresh: boolean }>(
      `WITH ${fresh},
            event AS (INSERT INTO ${s}.events (id, type, "timestamp", account_id, data, traceparent) SELECT $1, $2, $3, $4, $5, $8 WHERE EXISTS (SELECT 1 FROM fresh)),
            deliveries AS (INSERT INTO ${s}.deliveries SELECT * FROM json_populate_recordset(NULL::${s}.deliveries, $6) WHERE EXISTS (SELECT 1 FROM fresh))
       SELECT EXISTS (SELECT 1 FROM fresh) AS fresh, CASE WHEN EXISTS (SELECT 1 FROM fresh) AND $6::json->>0 IS NOT NULL THEN pg_notify($7, $1) END`,
      values,
    )
    if (!rows[0]!.fresh) return { staleEndpoints: true }
    return
  }
  const accountKey = claim.accountId ?? ''
  const { rows } = await db.query<{ fresh: boolean; taken: boolean }>(
    `WITH ${fresh},
     claimed AS (
       INSERT INTO ${s}.idempotency_keys AS k (account_key, key, event_id, deliveries, created_at) SELECT $10, $11, $1, $12, $3 WHERE EXISTS (SELECT 1 FROM fresh)
       ON CONFLICT (account_key, key) DO UPDATE SET event_id = EXCLUDED.event_id, deliveries = EXCLUDED.deliveries, created_at = EXCLUDED.created_at
       WHERE k.created_at < $13
       RETURNING 1),
     event AS (INSERT INTO ${s}.events (id, type, "timestamp", account_id, data, traceparent) SELECT $1, $2, $3, $4, $5, $8 WHERE EXISTS (SELECT 1 FROM claimed)),
     deliveries AS (INSERT INTO ${s}.deliveries SELECT * FROM json_populate_recordset(NULL::${s}.deliveries, $6) WHERE EXISTS (SELECT 1 FROM claimed))
     SELECT EXISTS (SELECT 1 FROM fresh) AS fresh, EXISTS (SELECT 1 FROM claimed) AS taken, CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN pg_notify($7, $1) END`,
    [...values, accountKey, claim.key, deliveries.length, claim.expiredBefore],
  )
  if (!rows[0]!.fresh) return { staleEndpoints: true }
  if (rows[0]!.taken) return
  const first = await db.query<{ event_id: string; deliveries: number }>(`SELECT event_id, deliveries FROM ${s}.idempotency_keys WHERE account_key = $1 AND key = $2`, [accountKey, claim.key])
  const row = first.rows[0]
  if (!row) throw new Error(`Idempotency key "${claim.key}" was neither taken nor found (deleted meanwhile?)`)
  return { replayOf: { eventId: row.event_id, deliveries: row.deliveries } }
}
