import { subscriptionsFor, type EndpointRecord, type EndpointUpdateRecord, type ListEndpointsQuery } from '@callhook/core'
import { mergeEndpointPatch } from '@callhook/core/store-kit'
import type { Db } from './db.js'

/** Endpoint statements, one per function; `s` is the quoted schema. */

export async function insert(db: Db, s: string, e: EndpointRecord): Promise<void> {
  // With its gate row (the shared rate limit and circuit: see claim-function.ts).
  await db.query(`WITH endpoint AS (INSERT INTO ${s}.endpoints (id, account_id, enabled, events, record) VALUES ($1, $2, $3, $4, $5))
    INSERT INTO ${s}.endpoint_gates (endpoint_id) VALUES ($1)`, [e.id, e.accountId, e.enabled, e.events, JSON.stringify(e)])
}

export async function get(db: Db, s: string, id: string): Promise<EndpointRecord | null> {
  const { rows } = await db.query(`SELECT record FROM ${s}.endpoints WHERE id = $1`, [id])
  return rows[0]?.record ?? null
}

export async function list(db: Db, s: string, q: ListEndpointsQuery): Promise<EndpointRecord[]> {
  const { rows } = await db.query(
    `SELECT record FROM ${s}.endpoints WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [q.accountId ?? null, q.after ?? null, q.limit],
  )
  return rows.map((r) => r.record)
}

/** Inside a transaction: lock, merge, write. */
export async function update(client: Db, s: string, id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null> {
  const { rows } = await client.query(`SELECT record FROM ${s}.endpoints WHERE id = $1 FOR UPDATE`, [id])
  if (!rows[0]) return null
  const next = mergeEndpointPatch(rows[0].record, patch)
  await client.query(`UPDATE ${s}.endpoints SET enabled = $2, events = $3, record = $4 WHERE id = $1`, [id, next.enabled, next.events, JSON.stringify(next)])
  return next
}

export async function remove(db: Db, s: string, id: string): Promise<boolean> {
  return ((await db.query(`DELETE FROM ${s}.endpoints WHERE id = $1`, [id])).rowCount ?? 0) > 0
}

/**
 * Enabled endpoints subscribed to the type, or to '*' unless the type is operational (a GIN index
 * on events), of the account or of none; with the endpoint version they were read at.
 */
export async function forEvent(db: Db, s: string, type: string, accountId: string | null): Promise<{ version: string; endpoints: EndpointRecord[] }> {
  const { rows } = await db.query<{ version: string; record: EndpointRecord | null }>(
    `SELECT v.version::text AS version, e.record FROM ${s}.endpoint_version v LEFT JOIN LATERAL (
       SELECT id, record FROM ${s}.endpoints WHERE events && $1::text[] AND enabled AND (account_id IS NULL OR account_id = $2)) e ON true ORDER BY e.id`,
    [subscriptionsFor(type), accountId],
  )
  return { version: rows[0]!.version, endpoints: rows.flatMap((r) => (r.record ? [r.record] : [])) }
}
