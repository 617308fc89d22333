import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_DELAYS_SECONDS, nextRetryDelayMs, parseRetryAfterMs } from './retry-policy.js'

const base = { delaysSeconds: DEFAULT_RETRY_DELAYS_SECONDS, retriesUsed: 0, jitter: 0.2, status: 500, retryAfter: undefined, maxRetryAfterMs: 86_400_000, nowMs: 0 }

describe('retry policy', () => {
  it("follows Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", () => {
    const delays = DEFAULT_RETRY_DELAYS_SECONDS.map((_, i) => nextRetryDelayMs({ ...base, retriesUsed: i, random: () => 0.5 }))
    expect(delays).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000])
    expect(nextRetryDelayMs({ ...base, retriesUsed: 7 })).toBeNull()
  })

  it('applies ±20 % jitter at the extremes', () => {
    expect(nextRetryDelayMs({ ...base, random: () => 0 })).toBe(4_000)
    expect(nextRetryDelayMs({ ...base, random: () => 0.999999 })).toBe(6_000)
  })

  it('accepts fractional delays', () => {
    expect(nextRetryDelayMs({ ...base, delaysSeconds: [0.05], jitter: 0 })).toBe(50)
  })

  it('honours Retry-After on 429 and 503, capped, never sooner than the schedule', () => {
    expect(nextRetryDelayMs({ ...base, status: 429, retryAfter: '120', jitter: 0 })).toBe(120_000)
    expect(nextRetryDelayMs({ ...base, status: 503, retryAfter: '1', jitter: 0 })).toBe(5_000)
    expect(nextRetryDelayMs({ ...base, status: 429, retryAfter: '999999', jitter: 0, maxRetryAfterMs: 3_600_000 })).toBe(3_600_000)
    expect(nextRetryDelayMs({ ...base, status: 500, retryAfter: '120', jitter: 0 })).toBe(5_000)
  })

  it('reads Retry-After as seconds or an HTTP date, and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfterMs('30', now)).toBe(30_000)
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000)
    expect(parseRetryAfterMs('soon', now)).toBeNull()
    expect(parseRetryAfterMs(undefined, now)).toBeNull()
  })
})
