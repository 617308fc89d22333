/** Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [5, 300, 1800, 7200, 18000, 36000, 36000]

export interface RetryDecisionInput {
  delaysSeconds: readonly number[]
  /** Automatic retries already used. */
  retriesUsed: number
  /** ±fraction applied to each delay (0.2 = ±20 %). */
  jitter: number
  /** The response status, or null when no response came. */
  status: number | null
  /** The response's Retry-After header, if any. */
  retryAfter: string | undefined
  /** Retry-After is honoured up to this many milliseconds. */
  maxRetryAfterMs: number
  nowMs: number
  random?: () => number
}

/** Milliseconds until the next automatic retry, or null when the schedule is used up. */
export function nextRetryDelayMs(input: RetryDecisionInput): number | null {
  const base = input.delaysSeconds[input.retriesUsed]
  if (base === undefined) return null
  const random = input.random ?? Math.random
  const scheduled = base * 1000 * (1 + input.jitter * (2 * random() - 1))
  if (input.status === 429 || input.status === 503) {
    const asked = parseRetryAfterMs(input.retryAfter, input.nowMs)
    if (asked !== null) return Math.round(Math.max(scheduled, Math.min(asked, input.maxRetryAfterMs)))
  }
  return Math.round(scheduled)
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; null if absent or unreadable. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (value === undefined) return null
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  const date = Date.parse(text)
  if (Number.isNaN(date)) return null
  return Math.max(0, date - nowMs)
}
