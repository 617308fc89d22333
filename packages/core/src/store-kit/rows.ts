import type { AttemptRecord, DeliveryRecord, DeliveryUpdate, EventRecord } from '../model/index.js'

/** A time as a driver returns it: ISO text (SQLite) or a Date (PostgreSQL). */
export type Time = string | Date
/** A JSON column as a driver returns it: text (SQLite) or already parsed (PostgreSQL). */
export type Json<T> = T | string

export interface DeliveryRow {
  id: string; event_id: string; event_type: string; endpoint_id: string; account_id: string | null; status: string
  attempts: number; retries_used: number; next_attempt_at: Time | null; next_trigger: string; lease_until: Time | null
  last_status_code: number | null; last_error: string | null; created_at: Time; updated_at: Time
  ordering_key: string | null; held_behind: string | null
}
export interface EventRow { id: string; type: string; timestamp: Time; account_id: string | null; data: Json<Record<string, unknown>>; traceparent?: string | null }
export interface AttemptRow {
  id: string; delivery_id: string; endpoint_id: string; event_id: string; number: number; trigger: string; started_at: Time
  duration_ms: number; request: Json<AttemptRecord['request']>; response: Json<AttemptRecord['response']>; error: string | null
  /** SQLite: 0 or 1. */
  success: boolean | number
}

export const isoTime = (value: Time): string => (typeof value === 'string' ? value : value.toISOString())
const isoOrNull = (value: Time | null): string | null => (value === null ? null : isoTime(value))
export const fromJson = <T>(value: Json<T>): T => (typeof value === 'string' ? JSON.parse(value) : value)

export const toDelivery = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id, eventId: r.event_id, eventType: r.event_type, endpointId: r.endpoint_id, accountId: r.account_id,
  status: r.status as DeliveryRecord['status'], attempts: r.attempts, retriesUsed: r.retries_used, nextAttemptAt: isoOrNull(r.next_attempt_at),
  nextTrigger: r.next_trigger as DeliveryRecord['nextTrigger'], leaseUntil: isoOrNull(r.lease_until), lastStatusCode: r.last_status_code,
  lastError: r.last_error, orderingKey: r.ordering_key ?? null, heldBehind: r.held_behind ?? null, createdAt: isoTime(r.created_at), updatedAt: isoTime(r.updated_at),
})

/** A delivery as a row of named columns (times as ISO text). */
export const fromDelivery = (d: DeliveryRecord) => ({
  id: d.id, event_id: d.eventId, event_type: d.eventType, endpoint_id: d.endpointId, account_id: d.accountId, status: d.status,
  attempts: d.attempts, retries_used: d.retriesUsed, next_attempt_at: d.nextAttemptAt, next_trigger: d.nextTrigger, lease_until: d.leaseUntil,
  last_status_code: d.lastStatusCode, last_error: d.lastError, created_at: d.createdAt, updated_at: d.updatedAt,
  ordering_key: d.orderingKey, held_behind: d.heldBehind,
})

export const toEvent = (r: EventRow): EventRecord => ({
  id: r.id, type: r.type, timestamp: isoTime(r.timestamp), accountId: r.account_id, data: fromJson(r.data), ...(r.traceparent ? { traceparent: r.traceparent } : {}),
})

export const toAttempt = (r: AttemptRow): AttemptRecord => ({
  id: r.id, deliveryId: r.delivery_id, endpointId: r.endpoint_id, eventId: r.event_id, number: r.number, trigger: r.trigger as AttemptRecord['trigger'],
  startedAt: isoTime(r.started_at), durationMs: r.duration_ms, request: fromJson(r.request), response: r.response === null ? null : fromJson(r.response),
  error: r.error, success: r.success === true || r.success === 1,
})

const deliveryColumns: Record<keyof DeliveryUpdate, string> = {
  status: 'status', attempts: 'attempts', retriesUsed: 'retries_used', nextAttemptAt: 'next_attempt_at', nextTrigger: 'next_trigger',
  leaseUntil: 'lease_until', lastStatusCode: 'last_status_code', lastError: 'last_error',
}

/** The columns a delivery patch sets, with their values (fields left undefined are skipped). */
export function deliveryPatchColumns(patch: DeliveryUpdate): Array<[column: string, value: unknown]> {
  const out: Array<[string, unknown]> = []
  for (const [key, value] of Object.entries(patch) as Array<[keyof DeliveryUpdate, unknown]>) {
    if (value !== undefined) out.push([deliveryColumns[key], value])
  }
  return out
}
