import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '../store/types.js'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from './records.js'
import { describeAccountContract } from './account-contract.js'
import { describeIdempotencyContract } from './idempotency-contract.js'
import { describeOperationalContract } from './operational-contract.js'
import { describeOrderingContract } from './ordering-contract.js'
import { describeQueueContract } from './queue-contract.js'
import { describeStatsContract } from './stats-contract.js'

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * The behaviour every `Store` must have. Run it from each store's tests:
 * `describeStoreContract('sqlite', async () => new SqliteStore(...))`. Each test gets a fresh,
 * initialised store from `makeStore` and closes it afterwards.
 */
export function describeStoreContract(name: string, makeStore: () => Store | Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store
    beforeEach(async () => {
      store = await makeStore()
      await store.init?.()
    })
    afterEach(async () => {
      await store.close?.()
    })

    it('returns an inserted endpoint as written, and null for an unknown id', async () => {
      const ep = endpointRecord({ headers: { 'x-api-key': 'k' }, retry: { delaysSeconds: [0.5, 1] } })
      await store.insertEndpoint(ep)
      expect(await store.getEndpoint(ep.id)).toEqual(ep)
      expect(await store.getEndpoint('ep_missing')).toBeNull()
    })

    it('lists endpoints in id order, paged with `after`, filtered by account', async () => {
      const a = endpointRecord({ accountId: 'acc_a' })
      const b = endpointRecord({ accountId: 'acc_b' })
      const c = endpointRecord({ accountId: 'acc_a' })
      for (const ep of [a, b, c]) await store.insertEndpoint(ep)
      expect((await store.listEndpoints({ limit: 10 })).map((e) => e.id)).toEqual([a.id, b.id, c.id])
      expect((await store.listEndpoints({ limit: 1, after: a.id })).map((e) => e.id)).toEqual([b.id])
      expect((await store.listEndpoints({ limit: 10, accountId: 'acc_a' })).map((e) => e.id)).toEqual([a.id, c.id])
    })

    it('updates an endpoint partially and returns the new record; null for an unknown id', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const updated = await store.updateEndpoint(ep.id, { title: 'Renamed', enabled: false, disabledReason: 'gone' })
      expect(updated).toMatchObject({ id: ep.id, title: 'Renamed', enabled: false, disabledReason: 'gone', url: ep.url })
      expect(await store.getEndpoint(ep.id)).toEqual(updated)
      expect(await store.updateEndpoint('ep_missing', { title: 'x' })).toBeNull()
    })

    it('finds the enabled endpoints subscribed to a type or to *, of the event account or of none', async () => {
      const calls = endpointRecord({ events: ['call:completed'] })
      const all = endpointRecord({ events: ['*'] })
      const sms = endpointRecord({ events: ['sms:received'] })
      const off = endpointRecord({ events: ['call:completed'], enabled: false })
      const other = endpointRecord({ events: ['*'], accountId: 'acc_other' })
      const mine = endpointRecord({ events: ['*'], accountId: 'acc_me' })
      for (const ep of [calls, all, sms, off, other, mine]) await store.insertEndpoint(ep)
      const ids = async (type: string, account: string | null) => (await store.endpointsForEvent(type, account)).map((e) => e.id).sort()
      expect(await ids('call:completed', 'acc_me')).toEqual([calls.id, all.id, mine.id].sort())
      expect(await ids('call:completed', null)).toEqual([calls.id, all.id].sort())
      await store.updateEndpoint(calls.id, { events: ['sms:received'] })
      expect(await ids('call:completed', null)).toEqual([all.id])
      expect(await ids('sms:received', null)).toEqual([calls.id, all.id, sms.id].sort())
      // answers a store keeps between calls (SQLite caches them) follow every change
      expect((await store.getEndpoint(calls.id))?.events).toEqual(['sms:received'])
      await store.updateEndpoint(all.id, { enabled: false })
      expect(await ids('sms:received', null)).toEqual([calls.id, sms.id].sort())
      expect((await store.getEndpoint(all.id))?.enabled).toBe(false)
      await store.deleteEndpoint(sms.id)
      expect(await ids('sms:received', null)).toEqual([calls.id])
      expect(await store.getEndpoint(sms.id)).toBeNull()
      const added = endpointRecord({ events: ['sms:received'] })
      await store.insertEndpoint(added)
      expect(await ids('sms:received', null)).toEqual([calls.id, added.id].sort())
    })

    it('stores an event with its deliveries and lists them newest first with filters', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const t0 = Date.parse('2026-01-01T00:00:00Z')
      const events = [0, 1, 2].map((i) => eventRecord({ data: { id: `call_${i}` } }))
      const deliveries = events.map((e, i) => deliveryRecord(e, ep.id, { createdAt: iso(t0 + i * 60_000), status: i === 1 ? 'failed' : 'pending' }))
      for (let i = 0; i < 3; i++) await store.insertEvent(events[i]!, [deliveries[i]!])
      expect(await store.getEvent(events[0]!.id)).toEqual(events[0])
      expect(await store.getDelivery(deliveries[2]!.id)).toEqual(deliveries[2])
      const list = await store.listDeliveries({ endpointId: ep.id, limit: 10 })
      expect(list.map((d) => d.id)).toEqual([deliveries[2]!.id, deliveries[1]!.id, deliveries[0]!.id])
      expect((await store.listDeliveries({ endpointId: ep.id, status: 'failed', limit: 10 })).map((d) => d.id)).toEqual([deliveries[1]!.id])
      expect((await store.listDeliveries({ endpointId: ep.id, from: iso(t0 + 60_000), to: iso(t0 + 120_000), limit: 10 })).map((d) => d.id)).toEqual([deliveries[1]!.id])
      expect((await store.listDeliveries({ endpointId: ep.id, before: deliveries[2]!.id, limit: 1 })).map((d) => d.id)).toEqual([deliveries[1]!.id])
      expect((await store.listDeliveries({ eventId: events[0]!.id, limit: 10 })).map((d) => d.id)).toEqual([deliveries[0]!.id])
      expect(await store.countDeliveries(ep.id)).toEqual({ pending: 2, succeeded: 0, failed: 1 })
    })

    it('claims due deliveries earliest first, leases them, skips excluded endpoints, and frees them when the lease ends', async () => {
      const a = endpointRecord()
      const b = endpointRecord()
      await store.insertEndpoint(a)
      await store.insertEndpoint(b)
      const now = Date.parse('2026-01-01T12:00:00Z')
      const event = eventRecord()
      const late = deliveryRecord(event, a.id, { nextAttemptAt: iso(now - 1000) })
      const early = deliveryRecord(event, b.id, { nextAttemptAt: iso(now - 5000) })
      const future = deliveryRecord(event, a.id, { nextAttemptAt: iso(now + 60_000) })
      await store.insertEvent(event, [late, early, future])

      const first = await store.claimDueDeliveries({ now: iso(now), limit: 10, leaseUntil: iso(now + 30_000), excludeEndpointIds: [] })
      expect(first.map((d) => d.id)).toEqual([early.id, late.id])
      expect(await store.claimDueDeliveries({ now: iso(now + 1000), limit: 10, leaseUntil: iso(now + 31_000), excludeEndpointIds: [] })).toEqual([])
      expect(await store.nextDueAt()).toBe(iso(now + 30_000))

      const afterLease = await store.claimDueDeliveries({ now: iso(now + 30_001), limit: 10, leaseUntil: iso(now + 60_000), excludeEndpointIds: [b.id] })
      expect(afterLease.map((d) => d.id)).toEqual([late.id])
    })

    it('records an attempt and moves the delivery on atomically; lists attempts in order and the latest per endpoint', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const event = eventRecord()
      const delivery = deliveryRecord(event, ep.id)
      await store.insertEvent(event, [delivery])
      const first = attemptRecord(delivery, { number: 1, success: false, error: 'HTTP 500', response: { status: 500, headers: { 'x-a': '1' }, body: 'boom', bodyTruncated: false } })
      await store.recordAttempt(first, { status: 'pending', attempts: 1, retriesUsed: 1, nextAttemptAt: iso(Date.now() + 5000), lastStatusCode: 500, lastError: 'HTTP 500', leaseUntil: null })
      const second = attemptRecord(delivery, { number: 2 })
      await store.recordAttempt(second, { status: 'succeeded', attempts: 2, nextAttemptAt: null, lastStatusCode: 200, lastError: null })
      expect(await store.listAttempts(delivery.id)).toEqual([first, second])
      expect((await store.recentAttempts(ep.id, 1)).map((a) => a.id)).toEqual([second.id])
      expect(await store.getDelivery(delivery.id)).toMatchObject({ status: 'succeeded', attempts: 2, retriesUsed: 1, nextAttemptAt: null, lastStatusCode: 200 })
      expect(await store.nextDueAt()).toBeNull()
    })

    it('requeues failed deliveries created since a date, due now, for one manual attempt', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const event = eventRecord()
      const old = deliveryRecord(event, ep.id, { status: 'failed', nextAttemptAt: null, createdAt: '2026-01-01T00:00:00.000Z' })
      const recent = deliveryRecord(event, ep.id, { status: 'failed', nextAttemptAt: null, createdAt: '2026-01-03T00:00:00.000Z' })
      const ok = deliveryRecord(event, ep.id, { status: 'succeeded', nextAttemptAt: null, createdAt: '2026-01-03T00:00:00.000Z' })
      await store.insertEvent(event, [old, recent, ok])
      const now = '2026-01-04T00:00:00.000Z'
      expect(await store.requeueFailed(ep.id, '2026-01-02T00:00:00.000Z', now)).toBe(1)
      expect(await store.getDelivery(recent.id)).toMatchObject({ status: 'pending', nextAttemptAt: now, nextTrigger: 'manual' })
      expect(await store.getDelivery(old.id)).toMatchObject({ status: 'failed' })
    })

    it('deletes an endpoint with its deliveries and attempts', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const event = eventRecord()
      const delivery = deliveryRecord(event, ep.id)
      await store.insertEvent(event, [delivery])
      await store.recordAttempt(attemptRecord(delivery), { status: 'succeeded', nextAttemptAt: null })
      expect(await store.deleteEndpoint(ep.id)).toBe(true)
      expect(await store.getEndpoint(ep.id)).toBeNull()
      expect(await store.getDelivery(delivery.id)).toBeNull()
      expect(await store.listAttempts(delivery.id)).toEqual([])
      expect(await store.endpointsForEvent('call:completed', null)).toEqual([])
      expect(await store.deleteEndpoint(ep.id)).toBe(false)
    })

    it('prunes old finished events with their deliveries and attempts, in batches, and keeps pending and recent ones', async () => {
      const ep = endpointRecord()
      await store.insertEndpoint(ep)
      const old = '2026-01-01T00:00:00.000Z'
      const cutoff = '2026-02-01T00:00:00.000Z'
      const finished = [0, 1, 2].map(() => eventRecord({ timestamp: old }))
      const stillPending = eventRecord({ timestamp: old })
      const recent = eventRecord({ timestamp: '2026-03-01T00:00:00.000Z' })
      const finishedDeliveries = finished.map((e) => deliveryRecord(e, ep.id, { status: 'succeeded', nextAttemptAt: null, createdAt: old }))
      for (let i = 0; i < 3; i++) await store.insertEvent(finished[i]!, [finishedDeliveries[i]!])
      await store.recordAttempt(attemptRecord(finishedDeliveries[0]!, { startedAt: old }), { status: 'succeeded' })
      const pending = deliveryRecord(stillPending, ep.id, { createdAt: old })
      await store.insertEvent(stillPending, [pending])
      const recentDelivery = deliveryRecord(recent, ep.id, { status: 'succeeded', nextAttemptAt: null })
      await store.insertEvent(recent, [recentDelivery])
      const recentAttempt = attemptRecord(recentDelivery, { startedAt: '2026-03-01T00:00:01.000Z' })
      await store.recordAttempt(recentAttempt, { status: 'succeeded' })

      let rounds = 0
      let total = 0
      for (let removed = -1; removed !== 0; rounds++) total += removed = await store.prune({ before: cutoff, limit: 2 })
      expect(rounds).toBeGreaterThan(2) // the batch limit was respected
      expect(total).toBeGreaterThanOrEqual(3)
      for (const e of finished) expect(await store.getEvent(e.id)).toBeNull()
      expect(await store.getDelivery(finishedDeliveries[0]!.id)).toBeNull()
      expect(await store.listAttempts(finishedDeliveries[0]!.id)).toEqual([])
      expect(await store.getDelivery(pending.id)).toMatchObject({ status: 'pending' })
      expect(await store.getEvent(recent.id)).toEqual(recent)
      expect(await store.listAttempts(recentDelivery.id)).toEqual([recentAttempt])
    })

    it('cannot be changed through a record it returned (a copy, or a frozen snapshot)', async () => {
      const ep = endpointRecord({ events: ['call:completed'] })
      await store.insertEndpoint(ep)
      const event = eventRecord({ data: { id: 'c1', tags: ['a'] } })
      await store.insertEvent(event, [])
      const got = (await store.getEndpoint(ep.id))!
      const gotEvent = (await store.getEvent(event.id))!
      const attempts = [() => got.events.push('sms:sent'), () => (got.title = 'mutated'), () => (gotEvent.data.id = 'changed'), () => (gotEvent.data.tags as string[]).push('b')]
      for (const mutate of attempts) {
        try {
          mutate()
        } catch {
          // frozen: refused, which is fine too
        }
      }
      expect(await store.getEndpoint(ep.id)).toEqual(ep)
      expect(await store.getEvent(event.id)).toEqual(event)
      expect(await store.endpointsForEvent('call:completed', null)).toEqual([ep])
    })

    describeStatsContract(() => store)
    describeIdempotencyContract(() => store)
    describeOperationalContract(() => store)
    describeQueueContract(() => store)
    describeOrderingContract(() => store)
    describeAccountContract(() => store)
  })
}
