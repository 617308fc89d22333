import type { DeliveryRecord, EventRecord, IdempotencyClaim, IdempotentReplay, StaleEndpoints } from '@callhook/core'
import { fromDelivery } from '@callhook/core/store-kit'
import type { Db } from './db.js'
import { GroupCommit } from './group-commit.js'

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

/** An emit with neither an idempotency key nor the host's transaction: it may share its statement with others. */
export interface PlainEmit { event: EventRecord; deliveries: readonly DeliveryRecord[]; endpointVersion: string | null }

/** How many emits' statements run at once, and how many emits one statement holds at most. */
const EMITS_IN_FLIGHT = 2
const EMITS_PER_STATEMENT = 200

/**
 * Emits made while others are being written go out together (see group-commit.ts): one statement
 * for their events, deliveries and a single NOTIFY, checked against one endpoint version (emits
 * worked out at different versions never share a statement). Each emit still resolves only once
 * its own rows are committed.
 */
export function plainEmits(db: Db, s: string, channel: string): GroupCommit<PlainEmit, StaleEndpoints | void> {
  return new GroupCommit<PlainEmit, StaleEndpoints | void>(
    async (emits) => {
      const fresh = await insertEvents(db, s, channel, emits, emits[0]!.endpointVersion)
      return emits.map(() => (fresh ? undefined : { staleEndpoints: true }))
    },
    async (emit) => {
      const answer = await insertEvent(db, s, channel, emit.event, emit.deliveries, undefined, emit.endpointVersion)
      return answer && 'replayOf' in answer ? undefined : answer
    },
    { maxInFlight: EMITS_IN_FLIGHT, maxItems: EMITS_PER_STATEMENT, sameStatement: (a, b) => a.endpointVersion === b.endpointVersion },
  )
}

/** Several events and all their deliveries in one statement; false (nothing written) when the endpoint version moved past `endpointVersion`. */
async function insertEvents(db: Db, s: string, channel: string, emits: readonly PlainEmit[], endpointVersion: string | null): Promise<boolean> {
  const events = emits.map((e) => e.event)
  const deliveries = emits.flatMap((e) => e.deliveries.map(fromDelivery))
  const { rows } = await db.query<{ fresh: boolean }>(
    `WITH fresh AS (SELECT 1 FROM ${s}.endpoint_version WHERE $9::bigint IS NULL OR version <= $9::bigint),
          event AS (INSERT INTO ${s}.events (id, type, "timestamp", account_id, data, traceparent)
            SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::json[], $6::text[]) WHERE EXISTS (SELECT 1 FROM fresh)),
          deliveries AS (INSERT INTO ${s}.deliveries SELECT * FROM json_populate_recordset(NULL::${s}.deliveries, $7) WHERE EXISTS (SELECT 1 FROM fresh))
     SELECT EXISTS (SELECT 1 FROM fresh) AS fresh, CASE WHEN EXISTS (SELECT 1 FROM fresh) AND $7::json->>0 IS NOT NULL THEN pg_notify($8, '') END`,
    [
      events.map((e) => e.id), events.map((e) => e.type), events.map((e) => e.timestamp), events.map((e) => e.accountId), events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.traceparent ?? null), JSON.stringify(deliveries), channel, endpointVersion,
    ],
  )
  return rows[0]!.fresh
}
