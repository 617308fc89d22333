import type { StatsBucket, StatsBucketSize } from '../store/queries.js'

const BUCKET_MS: Record<StatsBucketSize, number> = { hour: 3_600_000, day: 86_400_000 }

/** How long a bucket lasts, in ms (UTC hours and days have no DST jumps). */
export const bucketMs = (size: StatsBucketSize): number => BUCKET_MS[size]

/** The start of the UTC hour or day holding the moment, as ms since the epoch. */
export const bucketStartMs = (ms: number, size: StatsBucketSize): number => ms - (((ms % BUCKET_MS[size]) + BUCKET_MS[size]) % BUCKET_MS[size])

/**
 * The continuous percentile of ascending values, as PostgreSQL's `percentile_cont`: the value at
 * position `p × (n − 1)`, interpolated linearly between its neighbours. Null for no values.
 */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null
  const position = p * (sorted.length - 1)
  const lower = Math.floor(position)
  const upper = Math.min(lower + 1, sorted.length - 1)
  return sorted[lower]! + (position - lower) * (sorted[upper]! - sorted[lower]!)
}

/** A duration percentile as the API shows it: to 0.1 ms, so stores agree despite float noise. */
export const roundMs = (value: number | null): number | null => (value === null ? null : Math.round(Number(value) * 10) / 10)

/** One GROUP BY row of a SQL store as a bucket (counts may come back as strings or bigints). */
export interface StatsRow { start: string | Date; succeeded: number | string; failed: number | string; p50: number | string | null; p95: number | string | null }

export const toStatsBucket = (r: StatsRow): StatsBucket => ({
  start: typeof r.start === 'string' ? r.start : r.start.toISOString(),
  succeeded: Number(r.succeeded),
  failed: Number(r.failed),
  p50Ms: roundMs(r.p50 === null ? null : Number(r.p50)),
  p95Ms: roundMs(r.p95 === null ? null : Number(r.p95)),
})
