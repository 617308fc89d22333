import type { SharedBreakerSettings } from '@callhook/core'

/**
 * A CTE (`, gate AS (…)`) for recordAttempt's statement that moves the endpoint's shared circuit
 * on with the attempt's outcome, as the in-process breaker does: a success closes it (unless a
 * counted failure ended after it: attempt logs may be written out of order); failures in
 * a row reaching the threshold open it for the cooldown; a failed probe (the first attempt after
 * the cooldown) reopens it for twice as long, up to the maximum. Parameters are numbered after
 * `offset`; `attempt` is the CTE that inserted the attempt (nothing moves if the delivery is gone).
 * `now` is when the attempt ended (its start plus its duration). The statement's main UPDATE
 * reads this CTE, so the gate row is locked before the delivery row — the order a claim locks
 * them in (gate, then deliveries), which keeps the two from deadlocking.
 */
export function breakerCte(s: string, offset: number, breaker: SharedBreakerSettings, endpointId: string, success: boolean, now: string): { sql: string; values: unknown[] } {
  const [ok, at, threshold, cooldown, max, endpoint] = [1, 2, 3, 4, 5, 6].map((i) => `$${offset + i}`)
  const probeFailed = `(NOT ${ok} AND g.open_until IS NOT NULL AND g.open_until <= ${at}::timestamptz)`
  const doubled = `least(coalesce(g.cooldown_ms, ${cooldown}::float8) * 2, ${max}::float8)`
  const sql = `, gate AS (UPDATE ${s}.endpoint_gates g SET
      failures = CASE WHEN ${ok} THEN 0 ELSE g.failures + 1 END,
      open_until = CASE WHEN ${ok} THEN NULL
        WHEN ${probeFailed} THEN ${at}::timestamptz + ${doubled} * interval '1 millisecond'
        WHEN g.open_until IS NULL AND g.failures + 1 >= ${threshold}::int THEN ${at}::timestamptz + ${cooldown}::float8 * interval '1 millisecond'
        ELSE g.open_until END,
      cooldown_ms = CASE WHEN ${ok} THEN NULL WHEN ${probeFailed} THEN ${doubled} ELSE coalesce(g.cooldown_ms, ${cooldown}::float8) END,
      probe_until = CASE WHEN ${ok} OR ${probeFailed} THEN NULL ELSE g.probe_until END,
      failed_at = CASE WHEN ${ok} THEN g.failed_at ELSE greatest(g.failed_at, ${at}::timestamptz) END
    WHERE g.endpoint_id = ${endpoint} AND (NOT ${ok}::boolean OR ((g.failures > 0 OR g.open_until IS NOT NULL) AND (g.failed_at IS NULL OR g.failed_at <= ${at}::timestamptz)))
      AND EXISTS (SELECT 1 FROM attempt) RETURNING 1)`
  return { sql, values: [success, now, breaker.failureThreshold, breaker.cooldownMs, breaker.maxCooldownMs, endpointId] }
}
