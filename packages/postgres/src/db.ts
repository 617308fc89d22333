import { createHash } from 'node:crypto'
import pg from 'pg'

/** What the store's statements run on: a pool, a client, or either with prepared statements. */
export interface Db {
  query<R extends pg.QueryResultRow = any>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>
}

/**
 * Runs in this process of a statement after which it is prepared again under a new name, so that
 * PostgreSQL plans it again for the tables as they are now. A store starting on empty tables
 * would otherwise keep plans made for empty tables (a whole-table read is cheapest there) until
 * autovacuum's next ANALYZE; the work pool uses generic plans (see workPool below), made once.
 */
export const REPLAN_AFTER = [16, 256, 4096, 65_536]

const statements = new Map<string, { hash: string; runs: number; plan: number }>()
/** Bumped when a server drops or invalidates our prepared statements: every statement is prepared again under a new name. */
let generation = 0

/** Counts a run of `text` in this process. */
function counted(text: string): { hash: string; runs: number; plan: number } {
  let statement = statements.get(text)
  if (statement === undefined) {
    if (statements.size >= 1000) statements.clear() // texts are a few dozen per schema; this only bounds a misuse
    statement = { hash: createHash('sha1').update(text).digest('hex').slice(0, 20), runs: 0, plan: 0 }
    statements.set(text, statement)
  }
  if (REPLAN_AFTER[statement.plan] === ++statement.runs) statement.plan++
  return statement
}

function nameOf(text: string): string {
  const statement = counted(text)
  return `callhook_${statement.hash}_${generation}_${statement.plan}`
}

/** Counts a run of what `key` names and returns how many REPLAN_AFTER marks its runs passed (0 to REPLAN_AFTER.length). */
export const replanIndex = (key: string): number => counted(key).plan

/**
 * Runs statements with parameters as named (prepared) statements: PostgreSQL parses each once per
 * connection instead of on every call — in the PostgreSQL benchmark, parse and plan were about
 * 28 % of the database's CPU — and, a few times as the tables grow (REPLAN_AFTER), again. Two
 * server answers mean a prepared statement went stale, and the statement is run again under a
 * fresh name: a migration changed a table under a `SELECT *` ("cached plan must not change result
 * type", 0A000), or a connection pooler in transaction mode handed us a server connection that
 * never saw it (26000; turn `preparedStatements` off there).
 */
export function preparing(db: pg.Pool | pg.PoolClient, enabled: boolean): Db {
  if (!enabled) return db as Db
  return {
    async query(text, values) {
      if (values === undefined) return db.query(text)
      const seen = generation
      try {
        return await db.query({ name: nameOf(text), text, values: values as unknown[] })
      } catch (error) {
        const code = (error as { code?: string }).code
        if (code !== '26000' && !(code === '0A000' && /cached plan/.test((error as Error).message))) throw error
        if (generation === seen) generation++
        return db.query({ name: nameOf(text), text, values: values as unknown[] })
      }
    },
  }
}

/**
 * The pool for claims and attempt logs (when the store makes its own pools), its connections set
 * for what runs there:
 * - `synchronous_commit = off`: losing the last few ms of claims or attempt logs in a database
 *   crash only means a re-send, which at-least-once allows; emits, on the other pool, always wait
 *   for the disk;
 * - `plan_cache_mode = force_generic_plan`: these statements run per delivery, and PostgreSQL
 *   otherwise planned them again on almost every run (about 30 % of the backends' CPU for claims
 *   and attempt logs); their generic plans are index reads by key or in index order (the plan
 *   tests check them), made again as the tables grow (REPLAN_AFTER) and after each ANALYZE;
 * - `enable_bitmapscan = off`: a bitmap scan reads every matching row before the LIMIT that
 *   these statements' ordered index scans stop at.
 */
export function workPool(connectionString: string, max: number, prepared: boolean): pg.Pool {
  const plans = prepared ? ' -c plan_cache_mode=force_generic_plan' : '' // unnamed statements are planned per run, with their values
  return new pg.Pool({ connectionString, max, options: `-c synchronous_commit=off${plans} -c enable_bitmapscan=off` })
}
