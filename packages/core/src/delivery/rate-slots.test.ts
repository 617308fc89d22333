import { afterEach, describe, expect, it, vi } from 'vitest'
import { deliveryRecord, eventRecord } from '../testing/records.js'
import type { DeliveryUpdate } from '../model/index.js'
import type { ClaimedDelivery } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { RateSlots, SHARED_SLOT_LATE_MS } from './rate-slots.js'

/** A store that only records what RateSlots writes back. */
function recordingStore() {
  const updates: Array<[string, DeliveryUpdate]> = []
  const store = { updateDelivery: async (id: string, patch: DeliveryUpdate) => (updates.push([id, patch]), null) } as unknown as Store
  return { store, updates }
}

describe('RateSlots with limits shared through the store', () => {
  afterEach(() => {
    vi.useRealTimers()
  })
  const claimed = (startAt: number): ClaimedDelivery => ({ ...deliveryRecord(eventRecord(), 'ep_1', { id: 'dlv_1' }), startAt: new Date(startAt).toISOString() })

  it('starts the attempt at its reserved slot, not before', async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const { store, updates } = recordingStore()
    const slots = new RateSlots(store, true, 60_000, new AbortController().signal)
    let started = false
    const waiting = slots.wait(claimed(1_000_400), 'ep_1', 5).then((ok) => (started = ok))
    await vi.advanceTimersByTimeAsync(399)
    expect(started).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await waiting
    expect([started, updates]).toEqual([true, []])
  })

  it(`gives a slot back, due now, when the attempt would start more than ${SHARED_SLOT_LATE_MS} ms after it`, async () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const { store, updates } = recordingStore()
    const slots = new RateSlots(store, true, 60_000, new AbortController().signal)
    expect(await slots.wait(claimed(1_000_000 - SHARED_SLOT_LATE_MS - 1), 'ep_1', 5)).toBe(false)
    expect(updates).toEqual([['dlv_1', { leaseUntil: null, nextAttemptAt: new Date(1_000_000).toISOString() }]])
    expect(await slots.wait(claimed(1_000_000 - SHARED_SLOT_LATE_MS), 'ep_1', 5)).toBe(true) // within the allowance
  })
})
