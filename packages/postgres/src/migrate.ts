import { readdir, readFile } from 'node:fs/promises'
import type pg from 'pg'

const MIGRATIONS_DIR = new URL('../migrations/', import.meta.url)

/** A schema name as a quoted identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/**
 * Applies the numbered migrations (`migrations/000001.sql`…) not applied yet, each in its own
 * transaction under an advisory lock on the schema, so processes starting at once wait for one
 * another instead of colliding. Returns the ids applied by this call.
 */
export async function migrate(pool: pg.Pool, schema: string): Promise<number[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{6}\.sql$/.test(f)).sort()
  const q = quoteIdent(schema)
  const applied: number[] = []
  const client = await pool.connect()
  try {
    for (const file of files) {
      const id = Number(file.slice(0, 6))
      await client.query('BEGIN')
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`callhook.migrate:${schema}`])
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${q}`)
        await client.query(`CREATE TABLE IF NOT EXISTS ${q}.migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
        const done = await client.query(`SELECT 1 FROM ${q}.migrations WHERE id = $1`, [id])
        if (done.rowCount === 0) {
          const sql = (await readFile(new URL(file, MIGRATIONS_DIR), 'utf8')).replaceAll(':schema', q)
          await client.query(sql)
          await client.query(`INSERT INTO ${q}.migrations (id, name) VALUES ($1, $2)`, [id, file])
          applied.push(id)
        }
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    }
  } finally {
    client.release()
  }
  return applied
}
