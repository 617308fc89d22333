import { describe, expect, it } from 'vitest'
import { attemptRecord, deliveryRecord, endpointRecord, eventRecord } from '../testing/records.js'
import { byClaimOrder } from './claim-order.js'
import { EndpointAnswers } from './endpoint-answers.js'
import { mergeEndpointPatch } from './endpoint-patch.js'
import { deliveryPatchColumns, fromDelivery, toAttempt, toDelivery } from './rows.js'

describe('store kit', () => {
  it('maps a delivery to a row and back, with times as text (SQLite) or Dates (PostgreSQL)', () => {
    const d = deliveryRecord(eventRecord(), 'ep_1', { leaseUntil: '2026-03-10T00:00:05.000Z' })
    const row = fromDelivery(d)
    expect(toDelivery(row)).toEqual(d)
    expect(toDelivery({ ...row, created_at: new Date(d.createdAt), updated_at: new Date(d.updatedAt), lease_until: new Date(d.leaseUntil!) })).toEqual(d)
  })

  it('reads an attempt whether JSON columns come as text and success as 0/1, or parsed and boolean', () => {
    const a = attemptRecord(deliveryRecord(eventRecord(), 'ep_1'))
    const common = { id: a.id, delivery_id: a.deliveryId, endpoint_id: a.endpointId, event_id: a.eventId, number: a.number, trigger: a.trigger, duration_ms: a.durationMs, error: a.error }
    const sqlite = { ...common, started_at: a.startedAt, request: JSON.stringify(a.request), response: JSON.stringify(a.response), success: 1 }
    const postgres = { ...common, started_at: new Date(a.startedAt), request: a.request, response: a.response, success: true }
    expect(toAttempt(sqlite)).toEqual(a)
    expect(toAttempt(postgres)).toEqual(a)
    expect(toAttempt({ ...sqlite, success: 0 }).success).toBe(false)
  })

  it('orders claims by due time, then id', () => {
    const at = (id: string, nextAttemptAt: string) => deliveryRecord(eventRecord(), 'ep', { id, nextAttemptAt })
    const sorted = [at('b', '2026-01-01T00:00:01.000Z'), at('c', '2026-01-01T00:00:00.000Z'), at('a', '2026-01-01T00:00:01.000Z')].sort(byClaimOrder)
    expect(sorted.map((d) => d.id)).toEqual(['c', 'a', 'b'])
  })

  it('lists only the columns a delivery patch sets', () => {
    expect(deliveryPatchColumns({ status: 'failed', nextAttemptAt: null, lastError: undefined })).toEqual([['status', 'failed'], ['next_attempt_at', null]])
  })

  it('merges an endpoint patch and stamps updatedAt unless the patch sets it', () => {
    const current = endpointRecord({ updatedAt: '2020-01-01T00:00:00.000Z' })
    const merged = mergeEndpointPatch(current, { title: 'New' })
    expect(merged).toMatchObject({ ...current, title: 'New', updatedAt: expect.not.stringMatching(/^2020/) })
    expect(mergeEndpointPatch(current, { updatedAt: '2021-01-01T00:00:00.000Z' }).updatedAt).toBe('2021-01-01T00:00:00.000Z')
  })
})

describe('EndpointAnswers', () => {
  it('keeps one frozen answer per account and event type, with what the store keeps beside it', () => {
    const answers = new EndpointAnswers<string>()
    const [mine, theirs] = [endpointRecord({ headers: { a: 'b' } }), endpointRecord({ accountId: 'acc_1' })]
    const kept = answers.set('call:completed', null, [mine], 'v1')
    answers.set('call:completed', 'acc_1', [theirs], 'v2')
    expect(answers.get('call:completed', null)).toEqual({ endpoints: [mine], extra: 'v1' })
    expect(answers.get('call:completed', 'acc_1')?.endpoints.map((e) => e.id)).toEqual([theirs.id])
    expect(answers.get('sms:received', null)).toBeUndefined()
    expect(Object.isFrozen(kept) && Object.isFrozen(kept[0]) && Object.isFrozen(kept[0]!.headers)).toBe(true)
    answers.clear()
    expect(answers.get('call:completed', null)).toBeUndefined()
  })

  it('starts over past 10,000 answers instead of growing', () => {
    const answers = new EndpointAnswers()
    for (let i = 0; i < 10_000; i++) answers.set(`type:${i}`, null, [], undefined)
    answers.set('type:0', null, [], undefined) // replacing one does not count twice
    expect(answers.get('type:9999', null)).toBeDefined()
    answers.set('type:new', null, [], undefined)
    expect(answers.get('type:9999', null)).toBeUndefined()
    expect(answers.get('type:new', null)).toBeDefined()
  })
})
