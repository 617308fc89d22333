import { describe, expect, it } from 'vitest'
import type { EventRecord } from '../model/index.js'
import type { IdempotencyClaim } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { deliveryRecord, endpointRecord, eventRecord } from './records.js'

const HOUR = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

/** Idempotency-key cases of the store contract (`insertEvent` with `idempotency`); `store()` is the current test's store. */
export function describeIdempotencyContract(store: () => Store): void {
  describe('idempotency keys', () => {
    const claim = (key: string, accountId: string | null = null, expiredBefore = iso(Date.now() - 24 * HOUR)): IdempotencyClaim => ({ key, accountId, expiredBefore })
    async function emitWith(c: IdempotencyClaim, event: EventRecord = eventRecord({ accountId: c.accountId })) {
      const ep = endpointRecord()
      await store().insertEndpoint(ep)
      const deliveries = [deliveryRecord(event, ep.id), deliveryRecord(event, ep.id)]
      return { event, result: await store().insertEvent(event, deliveries, { idempotency: c }) }
    }

    it('idempotency: a new key stores the event and its deliveries', async () => {
      const { event, result } = await emitWith(claim('order-1'))
      expect(result ?? null).toBeNull()
      expect(await store().getEvent(event.id)).toEqual(event)
      expect(await store().listDeliveries({ eventId: event.id, limit: 10 })).toHaveLength(2)
    })

    it('idempotency: a live key answers the first event and stores nothing, whatever the second event holds', async () => {
      const first = await emitWith(claim('order-2'))
      const second = await emitWith(claim('order-2'), eventRecord({ type: 'sms:received', data: { id: 'other' } }))
      expect(second.result).toEqual({ replayOf: { eventId: first.event.id, deliveries: 2 } })
      expect(await store().getEvent(second.event.id)).toBeNull()
      expect(await store().listDeliveries({ eventId: second.event.id, limit: 10 })).toEqual([])
    })

    it('idempotency: keys are per tenant (an account, another account, and none are three keys)', async () => {
      const results = []
      for (const account of ['acc_a', 'acc_b', null]) results.push((await emitWith(claim('same', account))).result ?? null)
      expect(results).toEqual([null, null, null])
      expect((await emitWith(claim('same', 'acc_b'))).result).toMatchObject({ replayOf: { deliveries: 2 } })
    })

    it('idempotency: an expired key is taken over by the new event', async () => {
      const old = eventRecord({ timestamp: iso(Date.now() - 25 * HOUR) })
      await emitWith(claim('order-3'), old)
      const fresh = await emitWith(claim('order-3'))
      expect(fresh.result ?? null).toBeNull()
      expect(await store().getEvent(fresh.event.id)).toEqual(fresh.event)
      expect((await emitWith(claim('order-3'))).result).toEqual({ replayOf: { eventId: fresh.event.id, deliveries: 2 } })
    })

    it('idempotency: concurrent inserts with one key store exactly one event, and every caller gets its id', async () => {
      const attempts = await Promise.all(Array.from({ length: 8 }, () => emitWith(claim('race'))))
      const stored = attempts.filter((a) => !a.result)
      expect(stored).toHaveLength(1)
      const winner = stored[0]!.event.id
      for (const a of attempts) if (a.result) expect(a.result).toEqual({ replayOf: { eventId: winner, deliveries: expect.any(Number) } })
      for (const a of attempts) expect(await store().getEvent(a.event.id)).toEqual(a.result ? null : a.event)
    })

    it('idempotency: retention deletes keys first used before its cut-off, so they may be used again', async () => {
      const old = eventRecord({ timestamp: iso(Date.now() - 48 * HOUR) })
      await emitWith(claim('order-4', null, iso(Date.now() - 72 * HOUR)), old)
      const cutoff = iso(Date.now() - 24 * HOUR)
      let removed = 0
      for (let n = await store().prune({ before: cutoff, limit: 100 }); n > 0; n = await store().prune({ before: cutoff, limit: 100 })) removed += n
      expect(removed).toBeGreaterThanOrEqual(1)
      // Even with a window reaching back past the old event, the pruned key no longer answers.
      const again = await emitWith(claim('order-4', null, iso(Date.now() - 72 * HOUR)))
      expect(again.result ?? null).toBeNull()
    })
  })
}
