import type { AttemptRecord } from '../model/index.js'
import { bucketStartMs, percentileCont, roundMs } from '../store-kit/stats.js'
import type { StatsBucket, StatsQuery } from './queries.js'

/** The memory store's stats: what the SQL stores compute with GROUP BY, over the given attempts. */
export function statsOf(attempts: Iterable<AttemptRecord>, query: StatsQuery): StatsBucket[] {
  const groups = new Map<number, { succeeded: number; failed: number; durations: number[] }>()
  for (const a of attempts) {
    if (a.endpointId !== query.endpointId || a.startedAt < query.from || a.startedAt >= query.to) continue
    const start = bucketStartMs(Date.parse(a.startedAt), query.bucket)
    let group = groups.get(start)
    if (!group) groups.set(start, (group = { succeeded: 0, failed: 0, durations: [] }))
    if (a.success) group.succeeded++
    else group.failed++
    group.durations.push(a.durationMs)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, g]) => {
      const sorted = g.durations.sort((x, y) => x - y)
      return { start: new Date(start).toISOString(), succeeded: g.succeeded, failed: g.failed, p50Ms: roundMs(percentileCont(sorted, 0.5)), p95Ms: roundMs(percentileCont(sorted, 0.95)) }
    })
}
