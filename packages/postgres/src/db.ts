import { createHash } from 'node:crypto'
import type pg from 'pg'

/** What the store's statements run on: a pool, a client, or either with prepared statements. */
export interface Db {
  query<R extends pg.QueryResultRow = any>(text: string, values?: readonly unknown[]): Promise<pg.QueryResult<R>>
}

const names = new Map<string, string>()
/** Bumped when a server drops or invalidates our prepared statements: every statement is prepared again under a new name. */
let generation = 0

function nameOf(text: string): string {
  let name = names.get(text)
  if (name === undefined) {
    if (names.size >= 1000) names.clear() // texts are a few dozen per schema; this only bounds a misuse
    name = `callhook_${createHash('sha1').update(text).digest('hex').slice(0, 20)}_${generation}`
    names.set(text, name)
  }
  return name
}

/**
 * Runs statements with parameters as named (prepared) statements: PostgreSQL parses and plans each
 * once per connection instead of on every call — in the PostgreSQL benchmark, parse and plan were
 * about 28 % of the database's CPU. Two server answers mean a prepared statement went stale, and
 * the statement is run again under a fresh name: a migration changed a table under a `SELECT *`
 * ("cached plan must not change result type", 0A000), or a connection pooler in transaction mode
 * handed us a server connection that never saw it (26000; turn `preparedStatements` off there).
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
        if (generation === seen) {
          generation++
          names.clear()
        }
        return db.query({ name: nameOf(text), text, values: values as unknown[] })
      }
    },
  }
}
