import type { ApiClient } from '../api-client.js'
import type { StatsBucket } from '../types.js'

/** The endpoint's stats over the last `periodMs`; null when the server has none (404, older server). */
export async function loadStats(api: ApiClient, endpointId: string, periodMs: number, bucket: 'hour' | 'day', to = new Date()): Promise<StatsBucket[] | null> {
  try {
    const from = new Date(to.getTime() - periodMs)
    const answer = await api.get<{ buckets: StatsBucket[] }>(`/endpoints/${encodeURIComponent(endpointId)}/stats`, { from: from.toISOString(), to: to.toISOString(), bucket })
    return Array.isArray(answer?.buckets) ? answer.buckets : null
  } catch {
    return null
  }
}
