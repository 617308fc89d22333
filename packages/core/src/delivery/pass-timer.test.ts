import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestReceiver } from '../testing/receiver.js'
import { createWebhooks } from '../webhooks.js'
import { MemoryStore } from '../store/memory-store.js'
import type { ClaimQuery } from '../store/queries.js'
import { PassTimer } from './pass-timer.js'

describe('PassTimer', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('passes at once when the window since the last pass is over, and shares one pass among the requests of a window', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const timer = new PassTimer(run)
    timer.request(10)
    timer.request(2)
    vi.advanceTimersToNextTimer() // the setImmediate
    expect(run).toHaveBeenCalledTimes(1)
    timer.request(10)
    timer.request(10)
    vi.advanceTimersByTime(9)
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('brings a pass armed by a wide window forward when a narrower one is asked for, never back', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const timer = new PassTimer(run)
    timer.request(2)
    vi.advanceTimersToNextTimer()
    timer.request(10)
    vi.advanceTimersByTime(1)
    timer.request(2) // due 2 ms after the last pass: 1 ms from now
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(2)
    timer.request(2)
    timer.request(10) // later than the one armed: it stands
    vi.advanceTimersByTime(2)
    expect(run).toHaveBeenCalledTimes(3)
    vi.advanceTimersByTime(20)
    expect(run).toHaveBeenCalledTimes(3)
  })

  it('cancel forgets the armed pass', () => {
    vi.useFakeTimers()
    const run = vi.fn()
    const timer = new PassTimer(run)
    timer.request(2)
    timer.cancel()
    vi.advanceTimersByTime(50)
    expect(run).not.toHaveBeenCalled()
    timer.request(2)
    vi.advanceTimersToNextTimer()
    expect(run).toHaveBeenCalledTimes(1)
  })
})

/** Claims through the memory store, recording when each began and its limit; `cheapClaims` as given. */
function recordingStore(cheapClaims: boolean) {
  const store = new (class extends MemoryStore {
    override readonly cheapClaims = cheapClaims
  })()
  const claims: Array<{ at: number; limit: number }> = []
  const claim = store.claimDueDeliveries.bind(store)
  store.claimDueDeliveries = (q: ClaimQuery) => {
    claims.push({ at: performance.now(), limit: q.limit })
    return claim(q)
  }
  return { store, claims }
}

/** 24 deliveries, 4 in flight at most, to a receiver answering 40–49 ms after each request (attempts end a few ms apart: each wakes a pass); the claims begun with half the concurrency or more in flight, with the gap since the claim before. */
async function busyClaims(cheapClaims: boolean) {
  const r = await startTestReceiver((_, i) => ({ delayMs: 40 + (i % 4) * 3 }))
  const { store, claims } = recordingStore(cheapClaims)
  const hooks = createWebhooks({ store, allowPrivateNetworks: true, logger: { warn() {}, error() {} }, concurrency: { perEndpoint: 4, total: 4 } })
  try {
    await hooks.endpoints.create({ url: `${r.url}/hook` })
    for (let i = 0; i < 24; i++) await hooks.emit('call:completed', { id: `call_${i}` })
    await r.waitFor(24)
    await vi.waitFor(async () => expect(await store.listDeliveries({ status: 'pending', limit: 100 })).toHaveLength(0))
    return claims.map((c, i) => ({ ...c, gap: i === 0 ? Infinity : c.at - claims[i - 1]!.at })).filter((c) => c.limit <= 2)
  } finally {
    await hooks.close()
    await r.close()
  }
}

describe('dispatcher passes under load', () => {
  it('claims at most every 10 ms while half its concurrency or more is in flight when claims are not cheap, and still delivers everything', async () => {
    // A claim of at most half the concurrency began with half or more in flight, and so did the
    // wake-ups before it: the pass waited 10 ms from the one before (a timer may fire ~1–2 ms early).
    const busy = await busyClaims(false)
    expect(busy.length).toBeGreaterThanOrEqual(3)
    for (const c of busy) expect(c.gap).toBeGreaterThanOrEqual(8) // the old 2 ms window gave gaps of 2–5 ms here
  })

  it('claims at every wake-up when the store says its claims are cheap (memory)', async () => {
    const busy = await busyClaims(true)
    expect(busy.length).toBeGreaterThanOrEqual(3)
    expect(busy.some((c) => c.gap < 8)).toBe(true) // attempts end 3 ms apart and a claim follows each: no 10 ms window
  })
})
