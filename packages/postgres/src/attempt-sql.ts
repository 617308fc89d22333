import type { AttemptRecord, DeliveryUpdate, SharedBreakerSettings } from '@callhook/core'
import { deliveryPatchColumns } from '@callhook/core/store-kit'
import { breakerCte } from './breaker-sql.js'
import type { Db } from './db.js'
import { GroupCommit } from './group-commit.js'
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

/** An attempt to log with its delivery's patch; `closesCircuit`: a success that closes the endpoint's shared circuit. */
export interface LoggedAttempt { attempt: AttemptRecord; patch: DeliveryUpdate; closesCircuit: boolean; columns: string }

const ATTEMPTS_PER_STATEMENT = 100

/**
 * Attempts that end in the same turn of the event loop, or while a statement of others is being
 * written, share a statement (see group-commit.ts), one statement at a time — the next starts as
 * soon as the last commits, and its attempts' leases end with it (a lease counts against the
 * cluster-wide per-endpoint cap and holds back the next delivery of its ordering key, so a log is
 * never held back to gather more: see the README's Benchmarks, item 10). Those
 * that may open a shared circuit (a failure, with shared limits) go alone through recordAttempt:
 * the circuit counts failures in a row, one statement at a time. A statement holds attempts whose
 * delivery patches set the same columns.
 */
export function loggedAttempts(db: Db, s: string, breaker: () => SharedBreakerSettings | null | undefined): GroupCommit<LoggedAttempt, void> {
  const alone = (item: LoggedAttempt) => recordAttempt(db, s, breaker(), item.attempt, item.patch)
  return new GroupCommit<LoggedAttempt, void>(
    async (items) => {
      await recordAttempts(db, s, items, alone)
      return items.map(() => undefined)
    },
    alone,
    // attempts of different deliveries need no order among them (the circuit goes by when each ended)
    { maxInFlight: 1, maxItems: ATTEMPTS_PER_STATEMENT, sameStatement: (a, b) => a.columns === b.columns && a.closesCircuit === b.closesCircuit, inOrder: false },
  )
}

/** What a LoggedAttempt is for `attempt` and `patch` (the patch's columns, in order). */
export function loggedAttempt(attempt: AttemptRecord, patch: DeliveryUpdate, closesCircuit: boolean): LoggedAttempt {
  return { attempt, patch, closesCircuit, columns: deliveryPatchColumns(patch).map(([column]) => column).join(',') }
}

/**
 * Attempts and their deliveries' patches (all setting `items[0].columns`) in one statement; an
 * attempt whose delivery is gone is skipped. Deliveries and gates are found by key (`= ANY($4)`,
 * `= ANY($5)`): joined to the JSON rows instead, PostgreSQL reads the whole table whenever it
 * guesses that cheaper than a hundred lookups (its guess for the JSON), whatever the batch holds.
 * Whether an attempt's delivery still exists is one primary-key probe per attempt (a scalar
 * subquery): as `IN (SELECT … WHERE id = ANY($4))`, a plan made while the table was small read
 * the whole table in every later statement (17 ms at 12,000 deliveries in the benchmark).
 * Circuits closed by successes are locked in endpoint order, so two such statements may wait for
 * each other's gate rows but never deadlock.
 */
async function recordAttempts(db: Db, s: string, items: readonly LoggedAttempt[], alone: (item: LoggedAttempt) => Promise<void>): Promise<void> {
  // two attempts of one delivery (a test send racing a scheduled one) must move it on in order
  if (new Set(items.map((i) => i.attempt.deliveryId)).size < items.length) {
    for (const item of items) await alone(item)
    return
  }
  const attempts = items.map(({ attempt: a }) => ({
    id: a.id, delivery_id: a.deliveryId, endpoint_id: a.endpointId, event_id: a.eventId, number: a.number, trigger: a.trigger, started_at: a.startedAt,
    duration_ms: a.durationMs, request: a.request, response: a.response, error: a.error, success: a.success,
  }))
  const patches = items.map(({ attempt, patch }) => Object.fromEntries([['id', attempt.deliveryId], ...deliveryPatchColumns(patch)]))
  const closes = items[0]!.closesCircuit
  await db.query(recordAttemptsSql(s, items[0]!.columns ? items[0]!.columns.split(',') : [], closes), [
    JSON.stringify(attempts), JSON.stringify(patches), new Date().toISOString(), items.map((i) => i.attempt.deliveryId),
    ...(closes ? [[...new Set(items.map((i) => i.attempt.endpointId))]] : []),
  ])
}

const ATTEMPT_COLUMNS = 'id, delivery_id, endpoint_id, event_id, number, trigger, started_at, duration_ms, request, response, error, success'

/** $1 attempts (JSON rows), $2 delivery patches setting `columns` (JSON rows with their id), $3 now, $4 the deliveries' ids, $5 (`closesCircuit`) their endpoints. */
export function recordAttemptsSql(s: string, columns: readonly string[], closesCircuit: boolean): string {
  // a success closes its endpoint's circuit only if it ended after the last failure counted there (see breaker-sql.ts)
  const gate = closesCircuit
    ? `, gate AS (UPDATE ${s}.endpoint_gates g SET failures = 0, open_until = NULL, cooldown_ms = NULL, probe_until = NULL
         WHERE g.endpoint_id IN (SELECT l.endpoint_id FROM ${s}.endpoint_gates l WHERE l.endpoint_id = ANY($5::text[]) AND (l.failures > 0 OR l.open_until IS NOT NULL)
           AND l.endpoint_id IN (SELECT endpoint_id FROM attempt)
           AND (l.failed_at IS NULL OR l.failed_at <= (SELECT max(a.ended_at) FROM attempt a WHERE a.endpoint_id = l.endpoint_id))
           ORDER BY l.endpoint_id FOR UPDATE) RETURNING 1)`
    : ''
  return `WITH attempt AS (
       INSERT INTO ${s}.attempts (${ATTEMPT_COLUMNS}) SELECT ${ATTEMPT_COLUMNS} FROM json_populate_recordset(NULL::${s}.attempts, $1) a
       WHERE a.delivery_id = ANY($4::text[]) AND (SELECT d.id FROM ${s}.deliveries d WHERE d.id = a.delivery_id) IS NOT NULL
       RETURNING delivery_id, endpoint_id, started_at + duration_ms * interval '1 millisecond' AS ended_at)${gate}
     UPDATE ${s}.deliveries d SET ${columns.map((c) => `${c} = p.${c}, `).join('')}updated_at = $3
     FROM json_populate_recordset(NULL::${s}.deliveries, $2) p
     WHERE d.id = ANY($4::text[]) AND d.id = p.id AND d.id IN (SELECT delivery_id FROM attempt)${gate ? ' AND (SELECT count(*) FROM gate) >= 0' : ''}`
}
