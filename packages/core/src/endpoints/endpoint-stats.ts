import { z } from 'zod'
import { CallhookError, type FieldError } from '../errors.js'
import type { StatsBucket, StatsBucketSize } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { bucketMs, bucketStartMs } from '../store-kit/stats.js'
import { parseInput } from '../util/zod-errors.js'

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()])

/** `GET /endpoints/:id/stats` query (all optional): the period and the bucket width. */
export const endpointStatsQuerySchema = z.strictObject({
  from: instant.optional().describe('Start of the period (ISO 8601, included). Default: `to` minus 24 hours (bucket=hour) or 30 days (bucket=day).'),
  to: instant.optional().describe('End of the period (ISO 8601, excluded). Default: now.'),
  bucket: z.enum(['hour', 'day']).default('hour').describe('Bucket width: a UTC hour or a UTC day.'),
})
export type EndpointStatsQuery = z.input<typeof endpointStatsQuerySchema>

export const statsBucketSchema = z.object({
  start: z.iso.datetime().describe('Where the bucket begins: a UTC hour or day (ISO 8601).'),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  p50Ms: z.number().nullable().describe('Median attempt duration in ms (continuous percentile, 0.1 ms); null for a bucket without attempts.'),
  p95Ms: z.number().nullable().describe('95th percentile attempt duration in ms; null for a bucket without attempts.'),
})

/** The answer: every bucket of the period, earliest first, empty ones included (zero counts). */
export const endpointStatsSchema = z.object({ buckets: z.array(statsBucketSchema) })
export type EndpointStats = z.infer<typeof endpointStatsSchema>

const DAY = 86_400_000
/** The longest period per bucket width: 744 hourly or 366 daily buckets at most. */
export const MAX_STATS_RANGE_MS: Readonly<Record<StatsBucketSize, number>> = { hour: 31 * DAY, day: 366 * DAY }
const DEFAULT_RANGE_MS: Readonly<Record<StatsBucketSize, number>> = { hour: DAY, day: 30 * DAY }

/** A checked stats query: the period in ms and the bucket width. */
export interface StatsPeriod { from: number; to: number; bucket: StatsBucketSize }

/** Validates the query and fills in its defaults; bad input is a validation_failed error naming the field. */
export function parseStatsQuery(input: unknown, nowMs: number): StatsPeriod {
  const query = parseInput(endpointStatsQuerySchema, input ?? {}, 'The stats query')
  const to = query.to === undefined ? nowMs : Date.parse(query.to)
  const from = query.from === undefined ? to - DEFAULT_RANGE_MS[query.bucket] : Date.parse(query.from)
  const errors: FieldError[] = []
  if (from > to) errors.push({ field: 'from', message: 'must not be after to' })
  else if (to - from > MAX_STATS_RANGE_MS[query.bucket]) {
    errors.push({ field: 'to', message: query.bucket === 'hour' ? 'must be at most 31 days after from with bucket=hour (use bucket=day for longer)' : 'must be at most 366 days after from' })
  }
  if (errors.length > 0) throw new CallhookError('validation_failed', 'The stats query is not valid', { errors })
  return { from, to, bucket: query.bucket }
}

/** The endpoint's buckets over the period, from the store's GROUP BY, empty ones filled in. */
export async function readStats(store: Store, endpointId: string, period: StatsPeriod): Promise<EndpointStats> {
  const { from, to, bucket } = period
  const found = await store.endpointStats({ endpointId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucket })
  return { buckets: everyBucket(found, from, to, bucket) }
}

/** The store's buckets, with the empty ones between `from` and `to` filled in. */
function everyBucket(found: readonly StatsBucket[], from: number, to: number, size: StatsBucketSize): StatsBucket[] {
  const byStart = new Map(found.map((b) => [Date.parse(b.start), b]))
  const out: StatsBucket[] = []
  for (let start = bucketStartMs(from, size); start < to && from < to; start += bucketMs(size)) {
    out.push(byStart.get(start) ?? { start: new Date(start).toISOString(), succeeded: 0, failed: 0, p50Ms: null, p95Ms: null })
  }
  return out
}
