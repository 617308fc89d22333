import type { AttemptRecord, DeliveryRecord, DeliveryUpdate, EventRecord } from '@callhook/core'

type Time = Date | null
const iso = (value: Time): string | null => (value === null ? null : value.toISOString())

export interface DeliveryRow {
  id: string; event_id: string; event_type: string; endpoint_id: string; account_id: string | null; status: string
  attempts: number; retries_used: number; next_attempt_at: Time; next_trigger: string; lease_until: Time
  last_status_code: number | null; last_error: string | null; created_at: Date; updated_at: Date
}
export interface EventRow { id: string; type: string; timestamp: Date; account_id: string | null; data: Record<string, unknown> }
export interface AttemptRow {
  id: string; delivery_id: string; endpoint_id: string; event_id: string; number: number; trigger: string; started_at: Date
  duration_ms: number; request: AttemptRecord['request']; response: AttemptRecord['response']; error: string | null; success: boolean
}

export const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id, eventId: r.event_id, eventType: r.event_type, endpointId: r.endpoint_id, accountId: r.account_id,
  status: r.status as DeliveryRecord['status'], attempts: r.attempts, retriesUsed: r.retries_used, nextAttemptAt: iso(r.next_attempt_at),
  nextTrigger: r.next_trigger as DeliveryRecord['nextTrigger'], leaseUntil: iso(r.lease_until), lastStatusCode: r.last_status_code,
  lastError: r.last_error, createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(),
})

/** A delivery as a JSON row for `json_populate_recordset`. */
export const fromDelivery = (d: DeliveryRecord) => ({
  id: d.id, event_id: d.eventId, event_type: d.eventType, endpoint_id: d.endpointId, account_id: d.accountId, status: d.status,
  attempts: d.attempts, retries_used: d.retriesUsed, next_attempt_at: d.nextAttemptAt, next_trigger: d.nextTrigger, lease_until: d.leaseUntil,
  last_status_code: d.lastStatusCode, last_error: d.lastError, created_at: d.createdAt, updated_at: d.updatedAt,
})

/** An events row as `row_to_json` gives it (times as text). */
export interface EventJson { id: string; type: string; timestamp: string; account_id: string | null; data: Record<string, unknown> }
export const fromEventJson = (r: EventJson): EventRecord => ({ id: r.id, type: r.type, timestamp: new Date(r.timestamp).toISOString(), accountId: r.account_id, data: r.data })

export const toEvent = (r: EventRow): EventRecord => ({ id: r.id, type: r.type, timestamp: r.timestamp.toISOString(), accountId: r.account_id, data: r.data })

export const toAttempt = (r: AttemptRow): AttemptRecord => ({
  id: r.id, deliveryId: r.delivery_id, endpointId: r.endpoint_id, eventId: r.event_id, number: r.number, trigger: r.trigger as AttemptRecord['trigger'],
  startedAt: r.started_at.toISOString(), durationMs: r.duration_ms, request: r.request, response: r.response, error: r.error, success: r.success,
})

const deliveryColumns: Record<keyof DeliveryUpdate, string> = {
  status: 'status', attempts: 'attempts', retriesUsed: 'retries_used', nextAttemptAt: 'next_attempt_at', nextTrigger: 'next_trigger',
  leaseUntil: 'lease_until', lastStatusCode: 'last_status_code', lastError: 'last_error',
}

/** `a = $3, b = $4` for the fields a patch holds, numbered after `offset` parameters. */
export function deliverySet(patch: DeliveryUpdate, offset: number): { sql: string; values: unknown[] } {
  const values: unknown[] = []
  const parts: string[] = []
  for (const [key, value] of Object.entries(patch) as Array<[keyof DeliveryUpdate, unknown]>) {
    if (value === undefined) continue
    values.push(value)
    parts.push(`${deliveryColumns[key]} = $${offset + values.length}`)
  }
  return { sql: parts.join(', '), values }
}
