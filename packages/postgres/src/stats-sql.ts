import type { StatsBucket, StatsQuery } from '@callhook/core'
import { toStatsBucket, type StatsRow } from '@callhook/core/store-kit'
import type { Db } from './db.js'

/**
 * An endpoint's attempts in [$2, $3) by UTC hour or day ($4): counts, and p50/p95 of the duration
 * with percentile_cont. `s` is the quoted schema. Reads the index `attempts_endpoint_started`.
 */
export const endpointStatsSql = (s: string) => `
  SELECT date_trunc($4::text, started_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start,
         count(*) FILTER (WHERE success) AS succeeded,
         count(*) FILTER (WHERE NOT success) AS failed,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
  FROM ${s}.attempts WHERE endpoint_id = $1 AND started_at >= $2 AND started_at < $3
  GROUP BY 1 ORDER BY 1`

export async function endpointStats(db: Db, s: string, q: StatsQuery): Promise<StatsBucket[]> {
  const { rows } = await db.query<StatsRow>(endpointStatsSql(s), [q.endpointId, q.from, q.to, q.bucket])
  return rows.map(toStatsBucket)
}
