import type { ClaimQuery, EndpointRecord } from '@callhook/core'
import type { DeliveryRow } from '@callhook/core/store-kit'
import type { Db } from './db.js'
import type { EventJson } from './rows.js'

/** The columns of a claim with shared limits, with their types: the delivery's, its event, endpoint and rate-limit slot. */
export const CLAIMED_COLUMNS: ReadonlyArray<readonly [name: string, type: string]> = [
  ['id', 'text'], ['event_id', 'text'], ['event_type', 'text'], ['endpoint_id', 'text'], ['account_id', 'text'], ['status', 'text'],
  ['attempts', 'integer'], ['retries_used', 'integer'], ['next_attempt_at', 'timestamptz'], ['next_trigger', 'text'], ['lease_until', 'timestamptz'],
  ['last_status_code', 'integer'], ['last_error', 'text'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['ordering_key', 'text'],
  ['held_behind', 'text'], ['event_row', 'json'], ['endpoint_record', 'json'], ['start_at', 'timestamptz'],
]

/** A claimed row: the delivery with its event, endpoint and (with shared limits) its rate-limit slot. */
export type ClaimedRow = DeliveryRow & { event_row: EventJson | null; endpoint_record: EndpointRecord | null; start_at?: Date | null }

/**
 * Reserved rate-limit slots are `(1000 + RATE_GUARD_MS) / rateLimitPerSecond` ms apart: any
 * `rate + 1` slots span 1.2 s, so a receiver counting requests in a sliding one-second window
 * never sees more than `rate`, though a send starts up to 200 ms late (a slow claim, a busy event
 * loop, a new connection) while a later one is on time. The price: at most rate / 1.2 per second.
 */
export const RATE_GUARD_MS = 200

/** A pending delivery `c` nobody holds, due at $2, whose endpoint is not excluded ($3). */
const CLAIMABLE = `c.status = 'pending' AND c.next_attempt_at <= $2 AND (c.lease_until IS NULL OR c.lease_until <= $2) AND NOT (c.endpoint_id = ANY($3::text[]))`

/** …and is the head of its key: no earlier (created_at, id) delivery with its key to its endpoint is pending. */
const HEAD_OF_KEY = (s: string) => `(c.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM ${s}.deliveries p WHERE p.endpoint_id = c.endpoint_id
  AND p.ordering_key = c.ordering_key AND p.status = 'pending' AND (p.created_at, p.id) < (c.created_at, c.id)))`

/** The delivery just before `d` in its key, if it left pending after `d` fell due: what `d` waited for. */
const HELD_BEHIND = (s: string) => `coalesce(d.held_behind, (SELECT prev.id FROM (SELECT p.id, p.updated_at FROM ${s}.deliveries p
  WHERE d.ordering_key IS NOT NULL AND p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key AND (p.created_at, p.id) < (d.created_at, d.id)
  ORDER BY p.created_at DESC, p.id DESC LIMIT 1) prev WHERE prev.updated_at > d.next_attempt_at))`

const WITH_EVENT_AND_ENDPOINT = (s: string) => `d.*,
  (SELECT row_to_json(e) FROM ${s}.events e WHERE e.id = d.event_id) AS event_row,
  (SELECT record FROM ${s}.endpoints ep WHERE ep.id = d.endpoint_id) AS endpoint_record`

/**
 * One statement: lock due head-of-key rows nobody holds (SKIP LOCKED), lease them, return them
 * with their event and endpoint. Two workers claiming at once never take two deliveries of one
 * key: a delivery whose predecessor is pending (in flight or retrying) is not a candidate at all.
 */
export const claimSimpleSql = (s: string) => `UPDATE ${s}.deliveries d SET lease_until = $1, held_behind = ${HELD_BEHIND(s)}
  FROM (SELECT c.id FROM ${s}.deliveries c WHERE ${CLAIMABLE} AND ${HEAD_OF_KEY(s)}
        ORDER BY c.next_attempt_at, c.id LIMIT $4 FOR UPDATE SKIP LOCKED) due
  WHERE d.id = due.id
  RETURNING ${WITH_EVENT_AND_ENDPOINT(s)}`

export async function claimSimple(db: Db, s: string, q: ClaimQuery): Promise<ClaimedRow[]> {
  const { rows } = await db.query<ClaimedRow>(claimSimpleSql(s), [q.leaseUntil, q.now, q.excludeEndpointIds, q.limit])
  return rows
}

/**
 * One endpoint's claimable deliveries, oldest first, at most `limit`: an ordered
 * scan of deliveries_endpoint_due that stops after `limit` rows (passing over those in flight,
 * which are the oldest), however many are pending behind them. (As a scalar subquery, not EXISTS:
 * PostgreSQL turns an EXISTS into a join that reads every pending delivery.)
 */
const DUE_OF = (s: string, endpoint: string, columns: string, limit = '1') => `SELECT ${columns} FROM ${s}.deliveries c
  WHERE c.endpoint_id = ${endpoint} AND ${CLAIMABLE} AND ${HEAD_OF_KEY(s)} ORDER BY c.next_attempt_at, c.id LIMIT ${limit}`

/**
 * Live leases of the gate `g`'s endpoint (at $2), read through deliveries_endpoint_leased: the
 * bound is written as a row comparison (with the endpoint equal, the same as `lease_until > $2`),
 * which deliveries_lease_ends (migration 11) cannot serve — as `lease_until > $2`, PostgreSQL
 * counted through the index of every endpoint's leases once the tables were analyzed.
 */
const LIVE = (s: string, g: string) => `(SELECT count(*) FROM ${s}.deliveries l WHERE l.endpoint_id = ${g}.endpoint_id AND l.status = 'pending'
  AND l.lease_until IS NOT NULL AND (l.endpoint_id, l.lease_until) > (${g}.endpoint_id, $2))`

/** Step 1 of a claim with limits (claim-function.ts): $1 horizon, $2 now, $3 excluded endpoints, $4 perEndpoint. */
export const claimGatesSql = (s: string) => `SELECT g.endpoint_id FROM ${s}.endpoint_gates g
       WHERE (g.open_until IS NULL OR (g.open_until <= $2 AND (g.probe_until IS NULL OR g.probe_until <= $2)))
         AND (g.next_slot_at IS NULL OR g.next_slot_at <= $1) AND NOT (g.endpoint_id = ANY($3::text[])) AND ${LIVE(s, 'g')} < $4
         AND (${DUE_OF(s, 'g.endpoint_id', 'c.id')}) IS NOT NULL
       FOR UPDATE OF g SKIP LOCKED`

/**
 * Step 2 of a claim with limits (claim-function.ts): $1 lease end, $2 now, $3 excluded, $4 limit, $5 gated endpoints,
 * $6 perEndpoint, $7 horizon, $8 'pending'. The UPDATE checks the status against $8, not a
 * constant: with `status = 'pending'` written out, a plan made for small tables may look the
 * chosen rows up by scanning a partial index of pending deliveries once per row — every pending
 * delivery, once per row, once the backlog grows; a parameter leaves the primary key the only way.
 */
export const claimLimitedSql = (s: string) => `WITH gate AS (
         SELECT g.endpoint_id, g.open_until IS NOT NULL AS half_open, greatest(coalesce(g.next_slot_at, $2), $2) AS base,
           (1000 + ${RATE_GUARD_MS}) / nullif((ep.record->>'rateLimitPerSecond')::float8, 0) AS interval_ms, $6 - ${LIVE(s, 'g')} AS free
         FROM ${s}.endpoint_gates g JOIN ${s}.endpoints ep ON ep.id = g.endpoint_id WHERE g.endpoint_id = ANY($5::text[])),
       ranked AS (
         SELECT r.id, r.endpoint_id, r.next_attempt_at, row_number() OVER (PARTITION BY r.endpoint_id ORDER BY r.next_attempt_at, r.id) AS rn
         FROM gate CROSS JOIN LATERAL (${DUE_OF(s, 'gate.endpoint_id', 'c.id, c.endpoint_id, c.next_attempt_at', 'greatest(least(CASE WHEN gate.half_open THEN 1 ELSE gate.free END, $4), 0)')}) r),
       chosen AS (
         SELECT r.id, r.endpoint_id, CASE WHEN gate.interval_ms IS NULL THEN NULL ELSE gate.base + (r.rn - 1) * gate.interval_ms * interval '1 millisecond' END AS start_at
         FROM ranked r JOIN gate ON gate.endpoint_id = r.endpoint_id
         WHERE gate.interval_ms IS NULL OR gate.base + (r.rn - 1) * gate.interval_ms * interval '1 millisecond' <= $7
         ORDER BY r.next_attempt_at, r.id LIMIT $4),
       claimed AS (
         UPDATE ${s}.deliveries d SET lease_until = $1, held_behind = ${HELD_BEHIND(s)}
         FROM chosen WHERE d.id = chosen.id AND d.status = $8 AND (d.lease_until IS NULL OR d.lease_until <= $2)
         RETURNING ${WITH_EVENT_AND_ENDPOINT(s)}, chosen.start_at),
       moved AS (
         UPDATE ${s}.endpoint_gates g SET
           next_slot_at = CASE WHEN taken.last_start IS NULL THEN g.next_slot_at ELSE taken.last_start + gate.interval_ms * interval '1 millisecond' END,
           probe_until = CASE WHEN gate.half_open THEN $1 ELSE g.probe_until END
         FROM (SELECT endpoint_id, max(start_at) AS last_start FROM claimed GROUP BY endpoint_id) taken JOIN gate ON gate.endpoint_id = taken.endpoint_id
         WHERE g.endpoint_id = taken.endpoint_id)
       SELECT ${CLAIMED_COLUMNS.map(([name]) => name).join(', ')} FROM claimed`

/** The earliest due time of an unleased delivery not waiting behind its key, and the earliest lease end. */
export const nextDueSql = (s: string) => `SELECT least(
  (SELECT c.next_attempt_at FROM ${s}.deliveries c WHERE c.status = 'pending' AND c.next_attempt_at IS NOT NULL AND c.lease_until IS NULL AND ${HEAD_OF_KEY(s)}
   ORDER BY c.next_attempt_at LIMIT 1),
  (SELECT l.lease_until FROM ${s}.deliveries l WHERE l.status = 'pending' AND l.lease_until > 'epoch' ORDER BY l.lease_until LIMIT 1)) AS next`
