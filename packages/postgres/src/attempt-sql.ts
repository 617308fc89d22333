import type { AttemptRecord, DeliveryUpdate, SharedBreakerSettings } from '@callhook/core'
import { breakerCte } from './breaker-sql.js'
import type { Db } from './db.js'
import { deliverySet } from './rows.js'

/**
 * One statement: the attempt, the delivery moved on, and (with shared limits) the endpoint's shared
 * circuit. Nothing is written if the delivery is gone (deleted with its endpoint meanwhile).
 */
export async function recordAttempt(db: Db, s: string, breaker: SharedBreakerSettings | null | undefined, a: AttemptRecord, patch: DeliveryUpdate): Promise<void> {
  const { sql, values } = deliverySet(patch, 13)
  const endedAt = new Date(Date.parse(a.startedAt) + a.durationMs).toISOString()
  const gate = breaker && a.trigger !== 'test' ? breakerCte(s, 13 + values.length, breaker, a.endpointId, a.success, endedAt) : { sql: '', values: [] }
  await db.query(
    `WITH attempt AS (
       INSERT INTO ${s}.attempts SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
       WHERE EXISTS (SELECT 1 FROM ${s}.deliveries WHERE id = $2) RETURNING delivery_id)${gate.sql}
     UPDATE ${s}.deliveries SET ${sql ? `${sql}, ` : ''}updated_at = $13 WHERE id IN (SELECT delivery_id FROM attempt)${gate.sql ? ' AND (SELECT count(*) FROM gate) >= 0' : ''}`,
    [a.id, a.deliveryId, a.endpointId, a.eventId, a.number, a.trigger, a.startedAt, a.durationMs, JSON.stringify(a.request), a.response === null ? null : JSON.stringify(a.response), a.error, a.success, new Date().toISOString(), ...values, ...gate.values],
  )
}
