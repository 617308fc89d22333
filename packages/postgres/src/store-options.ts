import type pg from 'pg'

export interface PostgresStoreOptions {
  /** @default process.env.DATABASE_URL */
  connectionString?: string
  /** Use this pool instead of making one (it is not ended on close). */
  pool?: pg.Pool
  /** The schema callhook's tables live in (created if missing). @default 'callhook' */
  schema?: string
  /** Connections in the pool callhook makes. @default 10 */
  poolSize?: number
  /** @default console.error */
  logError?: (message: string, error: unknown) => void
  /**
   * Run statements as named prepared statements (parsed and planned once per connection). Turn off
   * behind a pooler in transaction mode that does not track them (PgBouncer before 1.21, or without
   * `max_prepared_statements`). @default true
   */
  preparedStatements?: boolean
}
