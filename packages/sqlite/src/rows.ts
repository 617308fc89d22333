import type { AttemptRecord, DeliveryUpdate } from '@callhook/core'
import { deliveryPatchColumns } from '@callhook/core/store-kit'

/** An attempt as SQLite columns: JSON as text, success as 0/1. */
export const fromAttempt = (a: AttemptRecord) => ({
  id: a.id, delivery_id: a.deliveryId, endpoint_id: a.endpointId, event_id: a.eventId, number: a.number, trigger: a.trigger, started_at: a.startedAt,
  duration_ms: a.durationMs, request: JSON.stringify(a.request), response: a.response === null ? null : JSON.stringify(a.response), error: a.error,
  success: a.success ? 1 : 0,
})

/** `SET a = @a, …` for the fields a patch holds, and the named parameters for it. */
export function deliverySet(patch: DeliveryUpdate): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {}
  const parts: string[] = []
  for (const [column, value] of deliveryPatchColumns(patch)) {
    parts.push(`${column} = @${column}`)
    params[column] = value
  }
  return { sql: parts.join(', '), params }
}
