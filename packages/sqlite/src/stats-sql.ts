/** `p × (n − 1)`: where a continuous percentile falls among a bucket's n sorted durations (0-based). */
const position = (p: number) => `(n - 1) * ${p}`

/** percentile_cont in SQLite: the value at the position's row, interpolated towards the next one (if any). */
function percentile(p: number, name: string): string {
  const row = (offset: number) => `max(CASE WHEN rn = CAST(${position(p)} AS INTEGER) + ${offset} THEN duration_ms END)`
  return `${row(1)} + (${position(p)} - CAST(${position(p)} AS INTEGER)) * (coalesce(${row(2)}, ${row(1)}) - ${row(1)}) AS ${name}`
}

/**
 * An endpoint's attempts in [@from, @to) by UTC hour or day (@bucket): counts, and p50/p95 of the
 * duration through window functions (row number and count per bucket). Reads only the index
 * `attempts_endpoint_started` (endpoint_id, started_at, success, duration_ms).
 */
export const ENDPOINT_STATS_SQL = `
  WITH ranked AS (
    SELECT start, success, duration_ms,
           row_number() OVER (PARTITION BY start ORDER BY duration_ms) AS rn,
           count(*) OVER (PARTITION BY start) AS n
    FROM (SELECT CASE WHEN @bucket = 'day' THEN substr(started_at, 1, 10) || 'T00:00:00.000Z'
                      ELSE substr(started_at, 1, 13) || ':00:00.000Z' END AS start,
                 success, duration_ms
          FROM attempts WHERE endpoint_id = @endpoint AND started_at >= @from AND started_at < @to)
  )
  SELECT start, sum(success) AS succeeded, sum(1 - success) AS failed, ${percentile(0.5, 'p50')}, ${percentile(0.95, 'p95')}
  FROM ranked GROUP BY start ORDER BY start`
