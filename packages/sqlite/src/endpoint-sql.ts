import { subscriptionsFor, type EndpointRecord, type EndpointUpdateRecord, type ListEndpointsQuery } from '@callhook/core'
import { mergeEndpointPatch } from '@callhook/core/store-kit'
import type Database from 'better-sqlite3'

/**
 * Endpoint statements, one per function (as in @callhook/postgres); `sql` prepares a statement
 * once per text. The callers that write run them inside a transaction.
 */
type Sql = (text: string) => Database.Statement

export function insert(sql: Sql, endpoint: EndpointRecord): void {
  sql('INSERT INTO endpoints (id, account_id, enabled, record) VALUES (?, ?, ?, ?)').run(endpoint.id, endpoint.accountId, endpoint.enabled ? 1 : 0, JSON.stringify(endpoint))
  writeEventTypes(sql, endpoint)
}

export function get(sql: Sql, id: string): EndpointRecord | null {
  const row = sql('SELECT record FROM endpoints WHERE id = ?').get(id) as { record: string } | undefined
  return row ? JSON.parse(row.record) : null
}

export function list(sql: Sql, q: ListEndpointsQuery): EndpointRecord[] {
  const rows = sql('SELECT record FROM endpoints WHERE (@account IS NULL OR account_id = @account) AND (@after IS NULL OR id > @after) ORDER BY id LIMIT @limit')
    .all({ account: q.accountId ?? null, after: q.after ?? null, limit: q.limit }) as Array<{ record: string }>
  return rows.map((r) => JSON.parse(r.record))
}

/** Read, merge, write (inside a transaction). */
export function update(sql: Sql, id: string, patch: EndpointUpdateRecord): EndpointRecord | null {
  const current = get(sql, id)
  if (!current) return null
  const next = mergeEndpointPatch(current, patch)
  sql('UPDATE endpoints SET enabled = ?, record = ? WHERE id = ?').run(next.enabled ? 1 : 0, JSON.stringify(next), id)
  if (patch.events) writeEventTypes(sql, next)
  return next
}

export function remove(sql: Sql, id: string): boolean {
  return sql('DELETE FROM endpoints WHERE id = ?').run(id).changes > 0
}

/** Enabled endpoints subscribed to the type (or to '*' unless it is operational), of the account or of none. */
export function forEvent(sql: Sql, type: string, accountId: string | null): EndpointRecord[] {
  const rows = sql(`SELECT DISTINCT e.id, e.record FROM endpoint_event_types t JOIN endpoints e ON e.id = t.endpoint_id
              WHERE t.event_type IN (SELECT value FROM json_each(?)) AND e.enabled = 1 AND (e.account_id IS NULL OR e.account_id = ?) ORDER BY e.id`)
    .all(JSON.stringify(subscriptionsFor(type)), accountId) as Array<{ record: string }>
  return rows.map((r) => JSON.parse(r.record))
}

function writeEventTypes(sql: Sql, endpoint: EndpointRecord): void {
  sql('DELETE FROM endpoint_event_types WHERE endpoint_id = ?').run(endpoint.id)
  const insertType = sql('INSERT OR IGNORE INTO endpoint_event_types (event_type, endpoint_id) VALUES (?, ?)')
  for (const type of endpoint.events) insertType.run(type, endpoint.id)
}
