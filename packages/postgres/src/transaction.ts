import type pg from 'pg'

/** Runs `work` inside BEGIN … COMMIT on one pooled client; rolls back if it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // A connection lost between two statements errors on the client, not on a query; the next
  // statement rejects with it, so the event itself is only acknowledged (never fatal).
  let lost: Error | undefined
  const onError = (error: Error) => (lost = error)
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.off('error', onError)
    client.release(lost)
  }
}

/** A value that looks like a pg client (what emit({ client }) needs). */
export function isPgClient(value: unknown): value is pg.PoolClient {
  return typeof value === 'object' && value !== null && typeof (value as { query?: unknown }).query === 'function'
}
