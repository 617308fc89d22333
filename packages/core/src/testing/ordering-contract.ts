import { expect, it } from 'vitest'
import type { Store } from '../store/types.js'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from './records.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * Per-key ordering, part of the Store contract: a delivery with an `orderingKey` is not claimed
 * while an earlier one (createdAt, then id) with the same key to the same endpoint is pending.
 */
export function describeOrderingContract(store: () => Store): void {
  const claim = (now: number, limit = 50) => store().claimDueDeliveries({ now: iso(now), limit, leaseUntil: iso(now + 30_000), excludeEndpointIds: [] })

  async function setUp() {
    const s = store()
    const ordered = endpointRecord({ ordered: true })
    const other = endpointRecord({ ordered: true })
    await s.insertEndpoint(ordered)
    await s.insertEndpoint(other)
    const t0 = Date.now() - 10_000
    const at = (i: number) => ({ createdAt: iso(t0 + i), nextAttemptAt: iso(t0 + i) })
    const ringing = eventRecord({ type: 'call:ringing', data: { id: 'call_1' } })
    const completed = eventRecord({ type: 'call:completed', data: { id: 'call_1' } })
    const otherCall = eventRecord({ type: 'call:completed', data: { id: 'call_2' } })
    const first = deliveryRecord(ringing, ordered.id, { ...at(0), orderingKey: 'call_1' })
    const second = deliveryRecord(completed, ordered.id, { ...at(1), orderingKey: 'call_1' })
    const third = deliveryRecord(completed, ordered.id, { ...at(2), orderingKey: 'call_1', id: `${second.id}z` })
    const otherKey = deliveryRecord(otherCall, ordered.id, { ...at(3), orderingKey: 'call_2' })
    const otherEndpoint = deliveryRecord(completed, other.id, { ...at(4), orderingKey: 'call_1' })
    const unkeyed = deliveryRecord(otherCall, ordered.id, { ...at(5) })
    await s.insertEvent(ringing, [first])
    await s.insertEvent(completed, [second, third, otherEndpoint])
    await s.insertEvent(otherCall, [otherKey, unkeyed])
    return { s, first, second, third, otherKey, otherEndpoint, unkeyed }
  }

  it('ordering: claims only the head of each key; other keys, other endpoints and unkeyed deliveries are not held', async () => {
    const { s, first, second, third, otherKey, otherEndpoint, unkeyed } = await setUp()
    const now = Date.now()
    expect((await claim(now)).map((d) => d.id)).toEqual([first.id, otherKey.id, otherEndpoint.id, unkeyed.id])
    // The head is leased (in flight) and still pending: its followers stay put, even after its lease ends.
    expect(await claim(now + 60_000)).toHaveLength(4)
    expect((await claim(now + 120_000)).map((d) => d.id)).not.toContain(second.id)
    // Due but held: nextDueAt does not count the followers (the head's lease end is the next moment).
    await s.updateDelivery(first.id, { leaseUntil: null, nextAttemptAt: iso(now + 5_000) }) // retrying later
    for (const d of [otherKey, otherEndpoint, unkeyed]) await s.updateDelivery(d.id, { status: 'succeeded', nextAttemptAt: null, leaseUntil: null })
    expect(await s.nextDueAt()).toBe(iso(now + 5_000))
    expect(await claim(now)).toEqual([])
    await s.recordAttempt(attemptRecord(first), { status: 'succeeded', attempts: 1, nextAttemptAt: null, leaseUntil: null })
    const next = await claim(Date.now())
    expect(next.map((d) => d.id)).toEqual([second.id]) // one at a time: third waits for second
    expect(next[0]!.heldBehind).toBe(first.id)
    expect((await s.getDelivery(third.id))!.heldBehind).toBeNull()
  })

  it('ordering: an earlier delivery failing for good releases the later one, which records what it waited for', async () => {
    const { s, first, second, otherKey } = await setUp()
    await claim(Date.now())
    await s.recordAttempt(attemptRecord(first, { success: false, error: 'HTTP 500' }), { status: 'failed', attempts: 1, nextAttemptAt: null, leaseUntil: null, lastError: 'HTTP 500' })
    const next = await claim(Date.now())
    expect(next.map((d) => d.id)).toEqual([second.id])
    expect(await s.getDelivery(second.id)).toMatchObject({ heldBehind: first.id, orderingKey: 'call_1' })
    expect((await s.getDelivery(otherKey.id))!.heldBehind).toBeNull() // never waited
  })

  it('ordering: two claims at once never take two deliveries of one key', async () => {
    const s = store()
    const ep = endpointRecord({ ordered: true })
    await s.insertEndpoint(ep)
    const t0 = Date.now() - 10_000
    for (let call = 0; call < 5; call++) {
      const event = eventRecord({ data: { id: `call_${call}` } })
      const deliveries = [0, 1, 2].map((i) => deliveryRecord(event, ep.id, { id: `dlv_${call}_${i}`, createdAt: iso(t0 + i), nextAttemptAt: iso(t0 + i), orderingKey: `call_${call}` }))
      await s.insertEvent(event, deliveries)
    }
    const now = Date.now()
    const [a, b] = await Promise.all([claim(now, 3), claim(now, 3)])
    const taken = [...a, ...b].map((d) => d.id).sort()
    expect(taken).toEqual(['dlv_0_0', 'dlv_1_0', 'dlv_2_0', 'dlv_3_0', 'dlv_4_0'])
  })
}
