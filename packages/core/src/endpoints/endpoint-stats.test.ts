import { afterEach, describe, expect, it, vi } from 'vitest'
import { CallhookError } from '../errors.js'
import { attemptRecord, deliveryRecord, eventRecord } from '../testing/records.js'
import { startTestReceiver } from '../testing/receiver.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'

const quiet = { warn: () => {}, error: () => {} }
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  vi.useRealTimers()
  for (const item of opened.splice(0).reverse()) await item.close()
})

function instance(dispatch = false): Webhooks {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, dispatch })
  opened.push(hooks)
  return hooks
}

/** Stores attempts of the endpoint directly: [startedAt, durationMs, success]. */
async function attempts(hooks: Webhooks, endpointId: string, shots: Array<[string, number, boolean]>): Promise<void> {
  const event = eventRecord()
  const delivery = deliveryRecord(event, endpointId)
  await hooks.store.insertEvent(event, [delivery])
  let number = 0
  for (const [startedAt, durationMs, success] of shots) await hooks.store.recordAttempt(attemptRecord(delivery, { number: ++number, startedAt, durationMs, success }), {})
}

async function fieldErrors(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(CallhookError)
  expect((error as CallhookError).code).toBe('validation_failed')
  expect((error as CallhookError).status).toBe(400)
  return (error as CallhookError).errors.map((e) => e.field)
}

describe('hooks.endpoints.stats', () => {
  it('answers every bucket of the period, the empty ones with zero counts and null percentiles', async () => {
    const hooks = instance()
    const ep = await hooks.endpoints.create({ url: 'https://crm.example.com/hook' })
    await attempts(hooks, ep.id, [['2026-03-10T10:05:00.000Z', 100, true], ['2026-03-10T10:35:00.000Z', 300, false], ['2026-03-10T12:00:00.000Z', 50, true]])
    const stats = await hooks.endpoints.stats(ep.id, { from: '2026-03-10T09:30:00Z', to: '2026-03-10T13:00:00Z', bucket: 'hour' })
    expect(stats).toEqual({
      buckets: [
        { start: '2026-03-10T09:00:00.000Z', succeeded: 0, failed: 0, p50Ms: null, p95Ms: null },
        { start: '2026-03-10T10:00:00.000Z', succeeded: 1, failed: 1, p50Ms: 200, p95Ms: 290 },
        { start: '2026-03-10T11:00:00.000Z', succeeded: 0, failed: 0, p50Ms: null, p95Ms: null },
        { start: '2026-03-10T12:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 50, p95Ms: 50 },
      ],
    })
  })

  it('takes dates with offsets or plain days, and answers no buckets for an empty period', async () => {
    const hooks = instance()
    const ep = await hooks.endpoints.create({ url: 'https://crm.example.com/hook' })
    await attempts(hooks, ep.id, [['2026-03-10T23:30:00.000Z', 10, true]])
    const days = await hooks.endpoints.stats(ep.id, { from: '2026-03-10', to: '2026-03-12', bucket: 'day' })
    expect(days.buckets.map((b) => [b.start, b.succeeded])).toEqual([['2026-03-10T00:00:00.000Z', 1], ['2026-03-11T00:00:00.000Z', 0]])
    const shifted = await hooks.endpoints.stats(ep.id, { from: '2026-03-11T00:00:00+01:00', to: '2026-03-11T01:00:00+01:00' })
    expect(shifted.buckets).toEqual([{ start: '2026-03-10T23:00:00.000Z', succeeded: 1, failed: 0, p50Ms: 10, p95Ms: 10 }])
    expect(await hooks.endpoints.stats(ep.id, { from: '2026-03-10T10:15:00Z', to: '2026-03-10T10:15:00Z' })).toEqual({ buckets: [] })
  })

  it('defaults to the last 24 hours by hour, or the last 30 days by day, ending now', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.parse('2026-03-10T10:30:00Z') })
    const hooks = instance()
    const ep = await hooks.endpoints.create({ url: 'https://crm.example.com/hook' })
    const hours = (await hooks.endpoints.stats(ep.id)).buckets
    expect([hours.length, hours[0]!.start, hours.at(-1)!.start]).toEqual([25, '2026-03-09T10:00:00.000Z', '2026-03-10T10:00:00.000Z'])
    const days = (await hooks.endpoints.stats(ep.id, { bucket: 'day' })).buckets
    expect([days.length, days[0]!.start, days.at(-1)!.start]).toEqual([31, '2026-02-08T00:00:00.000Z', '2026-03-10T00:00:00.000Z'])
  })

  it('refuses a bad bucket, a bad date, from after to, a period too long and unknown parameters, naming the field', async () => {
    const hooks = instance()
    const ep = await hooks.endpoints.create({ url: 'https://crm.example.com/hook' })
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { bucket: 'week' as 'day' }))).toEqual(['bucket'])
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { from: 'yesterday' }))).toEqual(['from'])
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { from: '2026-03-10T00:00:00Z', to: '2026-03-09T00:00:00Z' }))).toEqual(['from'])
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { from: '2026-01-01', to: '2026-02-02', bucket: 'hour' }))).toEqual(['to'])
    expect((await hooks.endpoints.stats(ep.id, { from: '2026-01-01', to: '2026-02-01', bucket: 'hour' })).buckets).toHaveLength(31 * 24)
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { from: '2025-01-01', to: '2026-01-03', bucket: 'day' }))).toEqual(['to'])
    expect(await fieldErrors(hooks.endpoints.stats(ep.id, { limit: '5' } as object))).toEqual(['limit'])
  })

  it("is tenant-scoped: another tenant's endpoint does not exist", async () => {
    const hooks = instance()
    const ep = await hooks.endpoints.create({ url: 'https://crm.example.com/hook' }, { accountId: 'acc_a' })
    const period = { from: '2026-03-10T00:00:00Z', to: '2026-03-10T01:00:00Z' }
    expect((await hooks.endpoints.stats(ep.id, period, { accountId: 'acc_a' })).buckets).toHaveLength(1)
    await expect(hooks.endpoints.stats(ep.id, period, { accountId: 'acc_b' })).rejects.toMatchObject({ code: 'not_found', status: 404 })
    await expect(hooks.endpoints.stats('ep_missing', period)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('counts real deliveries: a refused and an accepted attempt land in the current hour', async () => {
    let calls = 0
    const receiver = await startTestReceiver(() => (calls++ === 0 ? { status: 500 } : { status: 200 }))
    opened.push(receiver)
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, retry: { delaysSeconds: [0.01], jitter: 0 } })
    opened.push(hooks)
    const ep = await hooks.endpoints.create({ url: receiver.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'call_1' })
    await vi.waitFor(async () => expect((await hooks.events.get(eventId)).deliveries[0]?.status).toBe('succeeded'), { timeout: 5000, interval: 10 })
    const now = Date.now()
    const { buckets } = await hooks.endpoints.stats(ep.id, { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 1).toISOString() })
    expect(buckets.reduce((sum, b) => [sum[0]! + b.succeeded, sum[1]! + b.failed], [0, 0])).toEqual([1, 1])
  })
})
