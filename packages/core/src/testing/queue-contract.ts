import { expect, it } from 'vitest'
import type { Store } from '../store/types.js'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from './records.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * `Store.queueStats` (the backlog metrics and /health read), how much a claim takes, and the
 * event's trace context, cases of the store contract; `store()` is the current test's store.
 */
export function describeQueueContract(store: () => Store): void {
  const base = Date.parse('2026-04-01T12:00:00.000Z')

  it('queue: an empty store has no backlog', async () => {
    expect(await store().queueStats(iso(base))).toEqual({ depth: 0, oldestDueAt: null })
  })

  it('queue: counts pending deliveries due at or before now, leased or not, and names the earliest due time', async () => {
    const ep = endpointRecord()
    await store().insertEndpoint(ep)
    const event = eventRecord()
    const due = (offsetMs: number, status: 'pending' | 'succeeded' | 'failed' = 'pending') =>
      deliveryRecord(event, ep.id, { status, nextAttemptAt: status === 'pending' ? iso(base + offsetMs) : null })
    await store().insertEvent(event, [
      due(-60_000), // waited a minute
      due(-1_000),
      due(0), // due exactly now
      due(5_000), // not due yet
      due(-120_000, 'succeeded'),
      due(-120_000, 'failed'),
    ])
    expect(await store().queueStats(iso(base))).toEqual({ depth: 3, oldestDueAt: iso(base - 60_000) })

    // A leased delivery is still waiting to be done: it stays in the backlog.
    const [claimed] = await store().claimDueDeliveries({ now: iso(base), limit: 1, leaseUntil: iso(base + 60_000), excludeEndpointIds: [] })
    expect(claimed?.nextAttemptAt).toBe(iso(base - 60_000))
    expect(await store().queueStats(iso(base))).toEqual({ depth: 3, oldestDueAt: iso(base - 60_000) })

    // Done: it leaves the backlog, and the next one is the oldest.
    await store().recordAttempt(attemptRecord(claimed!), { status: 'succeeded', nextAttemptAt: null, leaseUntil: null, attempts: 1 })
    expect(await store().queueStats(iso(base))).toEqual({ depth: 2, oldestDueAt: iso(base - 1_000) })
    expect(await store().queueStats(iso(base + 10_000))).toEqual({ depth: 3, oldestDueAt: iso(base - 1_000) })
  })

  it('queue: a claim fills its limit while that many are claimable, and answers short only when nothing more is (the dispatcher then stops claiming)', async () => {
    const [a, b] = [endpointRecord(), endpointRecord()]
    await store().insertEndpoint(a)
    await store().insertEndpoint(b)
    for (let i = 0; i < 110; i++) {
      const event = eventRecord()
      await store().insertEvent(event, [deliveryRecord(event, i % 2 ? a.id : b.id, { nextAttemptAt: iso(base - 1000 * (i + 1)) })])
    }
    // 50: the most the dispatcher asks for at once
    const claim = async () => (await store().claimDueDeliveries({ now: iso(base), limit: 50, leaseUntil: iso(base + 60_000), excludeEndpointIds: [] })).length
    expect([await claim(), await claim(), await claim(), await claim()]).toEqual([50, 50, 10, 0])
  })

  it('queue: a delivery changed while leased is claimed once when its lease ends, never twice in one claim', async () => {
    const ep = endpointRecord()
    await store().insertEndpoint(ep)
    const event = eventRecord()
    const delivery = deliveryRecord(event, ep.id, { nextAttemptAt: iso(base - 1000) })
    await store().insertEvent(event, [delivery])
    const claim = async (now: number) => (await store().claimDueDeliveries({ now: iso(now), limit: 10, leaseUntil: iso(now + 30_000), excludeEndpointIds: [] })).map((d) => d.id)
    expect(await claim(base)).toEqual([delivery.id])
    await store().updateDelivery(delivery.id, { nextAttemptAt: iso(base) }) // e.g. redelivered while in flight
    await store().updateDelivery(delivery.id, { nextAttemptAt: iso(base) })
    expect(await claim(base + 30_001)).toEqual([delivery.id])
  })

  it("queue: a deleted endpoint's deliveries leave the backlog with it", async () => {
    const [kept, gone] = [endpointRecord(), endpointRecord()]
    await store().insertEndpoint(kept)
    await store().insertEndpoint(gone)
    const event = eventRecord()
    await store().insertEvent(event, [
      deliveryRecord(event, kept.id, { nextAttemptAt: iso(base - 1000) }),
      deliveryRecord(event, gone.id, { nextAttemptAt: iso(base - 5000) }),
    ])
    expect(await store().queueStats(iso(base))).toEqual({ depth: 2, oldestDueAt: iso(base - 5000) })
    await store().deleteEndpoint(gone.id)
    expect(await store().queueStats(iso(base))).toEqual({ depth: 1, oldestDueAt: iso(base - 1000) })
  })

  it('queue: an event keeps its trace context (traceparent) and reads back without one when it had none', async () => {
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'
    const traced = eventRecord({ traceparent })
    const plain = eventRecord()
    await store().insertEvent(traced, [])
    await store().insertEvent(plain, [])
    expect(await store().getEvent(traced.id)).toEqual(traced)
    expect(await store().getEvent(plain.id)).toEqual(plain)
  })
}
