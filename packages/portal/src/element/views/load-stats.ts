import type { ApiClient } from '../api-client.js'
import type { StatsBucket } from '../types.js'

const BUCKET_MS = { hour: 3600_000, day: 86_400_000 }

/**
 * The endpoint's stats over the last `periodMs`, one bucket per hour or day with empty ones
 * filled in; null when the server has none (404 from a server without the stats route).
 */
export async function loadStats(api: ApiClient, endpointId: string, periodMs: number, bucket: 'hour' | 'day', to = new Date()): Promise<StatsBucket[] | null> {
  const from = new Date(to.getTime() - periodMs)
  let answer: { buckets?: unknown }
  try {
    answer = await api.get<{ buckets?: unknown }>(`/endpoints/${encodeURIComponent(endpointId)}/stats`, { from: from.toISOString(), to: to.toISOString(), bucket })
  } catch {
    return null
  }
  if (!Array.isArray(answer?.buckets)) return null
  return fillBuckets(answer.buckets as StatsBucket[], from, to, BUCKET_MS[bucket])
}

/** Every bucket from `from` to `to`: the server's where it sent one, zeros elsewhere. */
export function fillBuckets(buckets: StatsBucket[], from: Date, to: Date, size: number): StatsBucket[] {
  const byStart = new Map(buckets.map((b) => [Math.floor(Date.parse(b.start) / size), b]))
  const out: StatsBucket[] = []
  for (let slot = Math.floor(from.getTime() / size); slot * size < to.getTime(); slot++) {
    out.push(byStart.get(slot) ?? { start: new Date(slot * size).toISOString(), succeeded: 0, failed: 0, p50Ms: null, p95Ms: null })
  }
  return out.length > 400 ? buckets : out
}
