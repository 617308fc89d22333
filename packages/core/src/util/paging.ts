import { z } from 'zod'
import { CallhookError } from '../errors.js'

export const DEFAULT_PAGE_SIZE = 50
export const MAX_PAGE_SIZE = 250

/** The paging query parameters, as the API document describes them (`parseLimit` and `decodeCursor` check them). */
export const pageQuerySchema = z.object({
  limit: z.int().min(1).max(MAX_PAGE_SIZE).optional().describe(`Items per page, from 1 to ${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}`),
  cursor: z.string().optional().describe('The nextCursor of the previous page'),
})

export interface PageQuery {
  limit?: number | string | undefined
  cursor?: string | undefined
}

export interface Page<T> {
  data: T[]
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null
}

/** An opaque cursor for the id a page ended on. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url')
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined
  const id = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!/^[a-z]+_[0-9a-z]{26}$/.test(id)) {
    throw new CallhookError('validation_failed', 'The cursor is not valid', { errors: [{ field: 'cursor', message: 'must be a nextCursor value from a previous page' }] })
  }
  return id
}

export function parseLimit(limit: number | string | undefined): number {
  if (limit === undefined || limit === '') return DEFAULT_PAGE_SIZE
  const n = typeof limit === 'number' ? limit : /^\d+$/.test(limit) ? Number(limit) : NaN
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new CallhookError('validation_failed', 'The limit is not valid', { errors: [{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }] })
  }
  return n
}

/** Fetches limit + 1 rows to know whether a next page exists. */
export async function page<T extends { id: string }, R = T>(fetch: (limit: number) => Promise<T[]>, limit: number, map: (row: T) => R = (row) => row as unknown as R): Promise<Page<R>> {
  const rows = await fetch(limit + 1)
  const more = rows.length > limit
  const data = rows.slice(0, limit)
  return { data: data.map(map), nextCursor: more ? encodeCursor(data[data.length - 1]!.id) : null }
}
