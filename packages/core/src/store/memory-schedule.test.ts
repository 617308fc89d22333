import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { DeliveryRecord } from '../model/index.js'
import { MemorySchedule } from './memory-schedule.js'

const T = (n: number) => `T${String(n).padStart(5, '0')}` // times compare as strings, as ISO 8601 ones do

const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), endpoint: fc.nat(3), key: fc.option(fc.nat(2)), due: fc.integer({ min: -10, max: 10 }), age: fc.nat(4) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), change: fc.constantFrom('succeeded', 'failed', 'retry', 'unlease', 'none'), due: fc.integer({ min: -5, max: 15 }) }),
  fc.record({ kind: fc.constant('drop' as const), endpoint: fc.nat(3) }),
  fc.record({ kind: fc.constant('claim' as const), advance: fc.nat(4), limit: fc.nat(6), excluded: fc.array(fc.nat(3), { maxLength: 2 }), lease: fc.integer({ min: -3, max: 30 }) }),
  fc.record({ kind: fc.constant('next' as const), advance: fc.nat(10) }),
)

/** What the schedule must answer, worked out from the records alone. */
function reference(deliveries: Map<string, DeliveryRecord>) {
  const isHead = (d: DeliveryRecord) => d.orderingKey === null || ![...deliveries.values()].some((p) => p !== d && p.endpointId === d.endpointId
    && p.orderingKey === d.orderingKey && p.status === 'pending' && (p.createdAt < d.createdAt || (p.createdAt === d.createdAt && p.id < d.id)))
  const takeableAt = (d: DeliveryRecord) => d.status !== 'pending' || d.nextAttemptAt === null || !isHead(d) ? null
    : d.leaseUntil !== null && d.leaseUntil > d.nextAttemptAt ? d.leaseUntil : d.nextAttemptAt
  return {
    nextDueAt: () => [...deliveries.values()].map(takeableAt).filter((at): at is string => at !== null).sort()[0] ?? null,
    /** The ids a claim takes: due, not excluded, earliest first (ties: endpoint, then id), at most `limit`. */
    claim: (now: string, limit: number, excluded: string[]) => [...deliveries.values()]
      .map((d) => ({ d, at: takeableAt(d) }))
      .filter((c): c is { d: DeliveryRecord; at: string } => c.at !== null && c.at <= now && !excluded.includes(c.d.endpointId))
      .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.d.endpointId !== b.d.endpointId ? (a.d.endpointId < b.d.endpointId ? -1 : 1) : a.d.id < b.d.id ? -1 : 1))
      .slice(0, limit).map((c) => c.d.id),
  }
}

describe('MemorySchedule', () => {
  it('claims exactly what a scan of every delivery would, in due order, each delivery once, whatever the inserts, changes, drops and leases', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const deliveries = new Map<string, DeliveryRecord>()
      const schedule = new MemorySchedule(deliveries)
      const ref = reference(deliveries)
      let now = 100
      let ids = 0
      for (const o of ops) {
        if (o.kind === 'insert') {
          const d = {
            id: `d${String(ids++).padStart(4, '0')}`, eventId: 'ev', eventType: 'call:completed', endpointId: `e${o.endpoint}`, accountId: null, status: 'pending',
            attempts: 0, retriesUsed: 0, nextAttemptAt: T(now + o.due), nextTrigger: 'scheduled', leaseUntil: null, lastStatusCode: null, lastError: null,
            orderingKey: o.key === null ? null : `k${o.key}`, heldBehind: null, createdAt: T(now - o.age), updatedAt: T(now),
          } satisfies DeliveryRecord
          deliveries.set(d.id, d)
          schedule.moved(d)
        } else if (o.kind === 'update' && deliveries.size > 0) {
          const d = [...deliveries.values()][o.pick % deliveries.size]!
          if (o.change === 'succeeded' || o.change === 'failed') Object.assign(d, { status: o.change, nextAttemptAt: null, leaseUntil: null })
          else if (o.change === 'retry') Object.assign(d, { status: 'pending', nextAttemptAt: T(now + o.due), leaseUntil: null })
          else if (o.change === 'unlease') d.leaseUntil = null
          schedule.moved(d)
        } else if (o.kind === 'drop') {
          const gone = [...deliveries.values()].filter((d) => d.endpointId === `e${o.endpoint}`).map((d) => d.id)
          for (const id of gone) deliveries.delete(id)
          schedule.dropEndpoint(`e${o.endpoint}`, gone)
        } else if (o.kind === 'claim') {
          now += o.advance
          const excluded = o.excluded.map((e) => `e${e}`)
          const expected = ref.claim(T(now), o.limit, excluded)
          const claimed = schedule.claim({ now: T(now), limit: o.limit, leaseUntil: T(now + o.lease), excludeEndpointIds: excluded })
          expect(claimed.map((d) => d.id)).toEqual(expected)
        } else if (o.kind === 'next') {
          now += o.advance
          expect(schedule.nextDueAt()).toBe(ref.nextDueAt())
        }
      }
    }), { numRuns: 300 })
  })
})
