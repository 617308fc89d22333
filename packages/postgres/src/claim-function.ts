import { createHash } from 'node:crypto'
import type { ClaimQuery } from '@callhook/core'
import type pg from 'pg'
import { CLAIMED_COLUMNS, claimGatesSql, claimLimitedSql, type ClaimedRow } from './claim-sql.js'
import { REPLAN_AFTER, replanIndex, type Db } from './db.js'
import { quoteIdent } from './migrate.js'
import { inTransaction } from './transaction.js'

/** `$n` of a statement → the names its values have inside the function. */
const withArgs = (sql: string, names: readonly string[]) => sql.replace(/\$(\d+)/g, (_, n: string) => names[Number(n) - 1]!)

/**
 * A claim that also enforces each endpoint's limits for every process, as one PL/pgSQL function
 * called in one round trip (it was BEGIN, two statements and COMMIT: four):
 * 1. lock the gate rows (`endpoint_gates`) of endpoints with claimable work whose circuit lets an
 *    attempt through, whose next rate slot is within the horizon and that have a free place
 *    (SKIP LOCKED: a gate another claim holds is passed over, never waited for);
 * 2. in a fresh snapshot — a volatile function takes one per statement, so it sees every lease
 *    committed by the claim that held a gate before — take per endpoint at most
 *    `perEndpoint − live leases` deliveries (one, as the probe, on a half-open circuit), each given
 *    the next rate-limit slot within the horizon, and move the gates' next slot and probe on.
 * The gates stay locked until the calling statement commits. Both steps are the statements of
 * claim-sql.ts, whose plans the tests check. PostgreSQL keeps a function's plans per connection
 * for as long as the function exists, so the function is made REPLAN_AFTER.length + 1 times under
 * numbered names, and calls move to the next name at each mark — planned again, like the renamed
 * prepared statements of db.ts. The base name carries a hash of the body: a changed claim is a
 * new function, and processes still running the old code keep theirs.
 */
export class ClaimFunction {
  readonly #pool: pg.Pool
  readonly #schema: string
  readonly #s: string
  readonly #base: string
  readonly #body: string

  constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool
    this.#schema = schema
    this.#s = quoteIdent(schema)
    const s = this.#s
    this.#body = `#variable_conflict use_column
DECLARE gated_ text[];
BEGIN
  gated_ := ARRAY(${withArgs(claimGatesSql(s), ['horizon_', 'now_', 'excluded_', 'per_endpoint_'])});
  IF cardinality(gated_) = 0 THEN RETURN; END IF;
  RETURN QUERY ${withArgs(claimLimitedSql(s), ['lease_until_', 'now_', 'excluded_', 'limit_', 'gated_', 'per_endpoint_', 'horizon_', 'pending_'])};
END`
    this.#base = `claim_due_${createHash('sha1').update(this.#body).digest('hex').slice(0, 16)}`
  }

  /** Creates the functions this code calls, if missing (under the migrations' lock: processes starting at once wait for one another). */
  async ensure(): Promise<void> {
    await inTransaction(this.#pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`callhook.migrate:${this.#schema}`])
      const { rows } = await client.query<{ proname: string }>('SELECT proname FROM pg_proc WHERE pronamespace = $1::regnamespace AND starts_with(proname, $2)', [this.#s, this.#base])
      const existing = new Set(rows.map((r) => r.proname))
      for (let plan = 0; plan <= REPLAN_AFTER.length; plan++) {
        if (existing.has(`${this.#base}_${plan}`)) continue
        await client.query(`CREATE FUNCTION ${this.#s}.${this.#base}_${plan}(lease_until_ timestamptz, now_ timestamptz, excluded_ text[], limit_ integer, per_endpoint_ integer, horizon_ timestamptz, pending_ text)
          RETURNS TABLE (${CLAIMED_COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}) LANGUAGE plpgsql AS $claim$${this.#body}$claim$`)
      }
    })
  }

  /** Claims on `db` (the work pool); if the functions are gone (the schema made again under a running store), makes them again once. */
  async claim(db: Db, q: ClaimQuery & { limits: NonNullable<ClaimQuery['limits']> }): Promise<ClaimedRow[]> {
    const horizon = new Date(Date.parse(q.now) + q.limits.slotHorizonMs).toISOString()
    const run = async () => {
      const name = `${this.#s}.${this.#base}_${replanIndex(this.#base)}`
      const { rows } = await db.query<ClaimedRow>(`SELECT * FROM ${name}($1, $2, $3, $4, $5, $6, $7)`, [q.leaseUntil, q.now, q.excludeEndpointIds, q.limit, q.limits.perEndpoint, horizon, 'pending'])
      return rows
    }
    try {
      return await run()
    } catch (error) {
      if ((error as { code?: string }).code !== '42883') throw error // undefined_function
      await this.ensure()
      return run()
    }
  }
}
