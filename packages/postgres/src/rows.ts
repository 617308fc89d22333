import type { DeliveryUpdate, EventRecord } from '@callhook/core'
import { deliveryPatchColumns, toEvent } from '@callhook/core/store-kit'

/** An events row as `row_to_json` gives it (times as text in PostgreSQL's own format). */
export interface EventJson { id: string; type: string; timestamp: string; account_id: string | null; data: Record<string, unknown>; traceparent?: string | null }
export const fromEventJson = (r: EventJson): EventRecord => toEvent({ ...r, timestamp: new Date(r.timestamp) })

/** `a = $3, b = $4` for the fields a patch holds, numbered after `offset` parameters. */
export function deliverySet(patch: DeliveryUpdate, offset: number): { sql: string; values: unknown[] } {
  const values: unknown[] = []
  const parts: string[] = []
  for (const [column, value] of deliveryPatchColumns(patch)) {
    values.push(value)
    parts.push(`${column} = $${offset + values.length}`)
  }
  return { sql: parts.join(', '), values }
}
