import type { AttemptRecord, DeliveryRecord, DeliveryUpdate, EventRecord } from '@callhook/core'

export interface DeliveryRow {
  id: string; event_id: string; event_type: string; endpoint_id: string; account_id: string | null; status: string
  attempts: number; retries_used: number; next_attempt_at: string | null; next_trigger: string; lease_until: string | null
  last_status_code: number | null; last_error: string | null; created_at: string; updated_at: string
}
export interface EventRow { id: string; type: string; timestamp: string; account_id: string | null; data: string }
export interface AttemptRow {
  id: string; delivery_id: string; endpoint_id: string; event_id: string; number: number; trigger: string; started_at: string
  duration_ms: number; request: string; response: string | null; error: string | null; success: number
}

export const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id, eventId: r.event_id, eventType: r.event_type, endpointId: r.endpoint_id, accountId: r.account_id,
  status: r.status as DeliveryRecord['status'], attempts: r.attempts, retriesUsed: r.retries_used, nextAttemptAt: r.next_attempt_at,
  nextTrigger: r.next_trigger as DeliveryRecord['nextTrigger'], leaseUntil: r.lease_until, lastStatusCode: r.last_status_code,
  lastError: r.last_error, createdAt: r.created_at, updatedAt: r.updated_at,
})

export const fromDelivery = (d: DeliveryRecord) => ({
  id: d.id, event_id: d.eventId, event_type: d.eventType, endpoint_id: d.endpointId, account_id: d.accountId, status: d.status,
  attempts: d.attempts, retries_used: d.retriesUsed, next_attempt_at: d.nextAttemptAt, next_trigger: d.nextTrigger, lease_until: d.leaseUntil,
  last_status_code: d.lastStatusCode, last_error: d.lastError, created_at: d.createdAt, updated_at: d.updatedAt,
})

export const toEvent = (r: EventRow): EventRecord => ({ id: r.id, type: r.type, timestamp: r.timestamp, accountId: r.account_id, data: JSON.parse(r.data) })

export const toAttempt = (r: AttemptRow): AttemptRecord => ({
  id: r.id, deliveryId: r.delivery_id, endpointId: r.endpoint_id, eventId: r.event_id, number: r.number, trigger: r.trigger as AttemptRecord['trigger'],
  startedAt: r.started_at, durationMs: r.duration_ms, request: JSON.parse(r.request), response: r.response === null ? null : JSON.parse(r.response),
  error: r.error, success: r.success === 1,
})

export const fromAttempt = (a: AttemptRecord) => ({
  id: a.id, delivery_id: a.deliveryId, endpoint_id: a.endpointId, event_id: a.eventId, number: a.number, trigger: a.trigger, started_at: a.startedAt,
  duration_ms: a.durationMs, request: JSON.stringify(a.request), response: a.response === null ? null : JSON.stringify(a.response), error: a.error,
  success: a.success ? 1 : 0,
})

const deliveryColumns: Record<keyof DeliveryUpdate, string> = {
  status: 'status', attempts: 'attempts', retriesUsed: 'retries_used', nextAttemptAt: 'next_attempt_at', nextTrigger: 'next_trigger',
  leaseUntil: 'lease_until', lastStatusCode: 'last_status_code', lastError: 'last_error',
}

/** `SET a = @a, …` for the fields a patch holds, and the named parameters for it. */
export function deliverySet(patch: DeliveryUpdate): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {}
  const parts: string[] = []
  for (const [key, value] of Object.entries(patch) as Array<[keyof DeliveryUpdate, unknown]>) {
    if (value === undefined) continue
    const column = deliveryColumns[key]
    parts.push(`${column} = @${column}`)
    params[column] = value
  }
  return { sql: parts.join(', '), params }
}
