import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestReceiver, type TestReceiver } from '../testing/receiver.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import type { WebhooksOptions } from '../options.js'
import { MemoryStore } from '../store/memory-store.js'
import type { ClaimQuery } from '../store/queries.js'
import type { Store } from '../store/types.js'

const quiet = { warn: () => {}, error: () => {} }
const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close()
})

function hooksWith(options: WebhooksOptions = {}): Webhooks {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, retry: { delaysSeconds: [0.02, 0.02, 0.02], jitter: 0 }, ...options })
  opened.push(hooks)
  return hooks
}
async function receiver(...args: Parameters<typeof startTestReceiver>): Promise<TestReceiver> {
  const r = await startTestReceiver(...args)
  opened.push(r)
  return r
}
async function settled(hooks: Webhooks, deliveryId: string, status: 'succeeded' | 'failed'): Promise<void> {
  await vi.waitFor(async () => expect((await hooks.deliveries.get(deliveryId)).status).toBe(status), { timeout: 5000, interval: 10 })
}
async function onlyDelivery(hooks: Webhooks, eventId: string) {
  return (await hooks.events.get(eventId)).deliveries[0]!
}
/** A memory store with some of its methods replaced (`memory` is the real one). */
function storeWith(memory: MemoryStore, overrides: Partial<Record<keyof Store, unknown>>): Store {
  return new Proxy(memory, {
    get(target, prop) {
      if (prop in overrides) return overrides[prop as keyof Store]
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value
    },
  }) as Store
}

describe('dispatcher', () => {
  it('retries a failing endpoint on its schedule and logs every attempt', async () => {
    const r = await receiver((_, i) => (i < 2 ? { status: 500, body: `fail ${i}`, delayMs: i === 0 ? 60 : 0 } : { status: 200, body: 'finally' }))
    const hooks = hooksWith()
    await hooks.endpoints.create({ url: `${r.url}/hook` })
    const { eventId } = await hooks.emit('call:completed', { id: 'call_1' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'succeeded')
    const { attempts } = await hooks.deliveries.get(delivery.id)
    expect(attempts.map((a) => [a.number, a.response?.status, a.success])).toEqual([[1, 500, false], [2, 500, false], [3, 200, true]])
    expect(attempts[0]).toMatchObject({ error: 'HTTP 500', request: { method: 'POST', url: `${r.url}/hook` }, response: { body: 'fail 0', bodyTruncated: false } })
    expect(attempts[0]!.request.headers['webhook-id']).toBe(eventId)
    expect(attempts[0]!.durationMs).toBeGreaterThanOrEqual(50) // the receiver held the first answer 60 ms
  })

  it('fails a delivery that used up its retries and calls onDeliveryFailed once', async () => {
    const r = await receiver({ status: 503, body: 'down' })
    const failed = vi.fn()
    const hooks = hooksWith({ onDeliveryFailed: failed, retry: { delaysSeconds: [0.01], jitter: 0 } })
    const ep = await hooks.endpoints.create({ url: r.url })
    const { eventId } = await hooks.emit('call:missed', { id: 'call_2' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'failed')
    expect(r.requests).toHaveLength(2)
    await vi.waitFor(() => expect(failed).toHaveBeenCalledTimes(1))
    expect(failed.mock.calls[0]![0]).toMatchObject({ delivery: { id: delivery.id, status: 'failed' }, endpoint: { id: ep.id }, event: { id: eventId }, lastAttempt: { number: 2 } })
  })

  it('disables an endpoint that answers 410 and stops sending to it', async () => {
    const r = await receiver({ status: 410 })
    const hooks = hooksWith()
    const ep = await hooks.endpoints.create({ url: r.url })
    const first = await hooks.emit('call:completed', { id: 'c1' })
    await settled(hooks, (await onlyDelivery(hooks, first.eventId)).id, 'failed')
    expect(await hooks.endpoints.get(ep.id)).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone' })
    expect((await hooks.emit('call:completed', { id: 'c2' })).deliveries).toBe(0)
    expect(r.requests).toHaveLength(1)
  })

  it('does not follow redirects: a 302 is a failure', async () => {
    const target = await receiver()
    const r = await receiver({ status: 302, headers: { location: target.url } })
    const hooks = hooksWith({ retry: { delaysSeconds: [] } })
    await hooks.endpoints.create({ url: r.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'failed')
    expect((await hooks.deliveries.get(delivery.id)).attempts[0]!.error).toBe('Redirect (302) not followed')
    expect(target.requests).toHaveLength(0)
  })

  it('gives up on an endpoint slower than its timeout', async () => {
    const r = await receiver({ delayMs: 1000 })
    const hooks = hooksWith({ retry: { delaysSeconds: [] } })
    await hooks.endpoints.create({ url: r.url, timeoutMs: 100 })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'failed')
    expect((await hooks.deliveries.get(delivery.id)).attempts[0]).toMatchObject({ response: null, error: 'Timed out after 100 ms' })
  })

  it('keeps 64 KiB of a large response body and marks it truncated', async () => {
    const r = await receiver({ body: 'x'.repeat(200_000) })
    const hooks = hooksWith()
    await hooks.endpoints.create({ url: r.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'succeeded')
    const response = (await hooks.deliveries.get(delivery.id)).attempts[0]!.response!
    expect(response.bodyTruncated).toBe(true)
    expect(response.body).toHaveLength(65_536)
  })

  it('caps concurrency per endpoint so a slow endpoint never holds back another', async () => {
    const slow = await receiver({ delayMs: 300 })
    const fast = await receiver()
    const hooks = hooksWith({ concurrency: { perEndpoint: 2 } })
    await hooks.endpoints.create({ url: slow.url })
    await hooks.endpoints.create({ url: fast.url })
    for (let i = 0; i < 8; i++) await hooks.emit('call:completed', { id: `c${i}` })
    await fast.waitFor(8)
    const fastDone = Date.now()
    await slow.waitFor(8)
    expect(slow.maxConcurrent).toBe(2)
    expect(fastDone).toBeLessThan(slow.requests[4]!.receivedAt)
  })

  it('refuses private destinations unless allowPrivateNetworks is set', async () => {
    const r = await receiver()
    const hooks = hooksWith({ allowPrivateNetworks: false, retry: { delaysSeconds: [] } })
    await expect(hooks.endpoints.create({ url: r.url })).rejects.toMatchObject({ code: 'validation_failed', errors: [{ field: 'url' }] })
    const ep = await hooks.endpoints.create({ url: r.url.replace('127.0.0.1', 'localhost') })
    const result = await hooks.endpoints.test(ep.id)
    expect(result.success).toBe(false)
    expect(result.error).toMatch(/private or reserved address/)
    expect(r.requests).toHaveLength(0)
  })

  it('close() waits for the attempt in flight and logs it', async () => {
    const r = await receiver({ delayMs: 150 })
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet })
    await hooks.endpoints.create({ url: r.url })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' })
    await r.waitFor(1)
    const store = hooks.store
    await hooks.close()
    const [delivery] = await store.listDeliveries({ eventId, limit: 1 })
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1 })
    await expect(hooks.emit('call:completed', { id: 'c2' })).rejects.toMatchObject({ code: 'closed' })
  })

  it('a retry that falls due while another attempt is in flight goes out without waiting for it (nor for the poll)', async () => {
    const slow = await receiver({ status: 200, delayMs: 3000 })
    const flaky = await receiver((_, i) => (i === 0 ? { status: 500 } : { status: 200 }))
    const hooks = hooksWith({ retry: { delaysSeconds: [0.1], jitter: 0 }, pollIntervalMs: 60_000 })
    await hooks.endpoints.create({ url: slow.url, events: ['call:missed'] })
    await hooks.endpoints.create({ url: flaky.url, events: ['call:completed'] })
    await hooks.emit('call:missed', { id: 'slow' })
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1))
    const { eventId } = await hooks.emit('call:completed', { id: 'flaky' })
    const delivery = await onlyDelivery(hooks, eventId)
    await settled(hooks, delivery.id, 'succeeded')
    expect(flaky.requests).toHaveLength(2)
    expect(flaky.requests[1]!.receivedAt - flaky.requests[0]!.receivedAt).toBeLessThan(1000) // due 100 ms after the first; looked for within 250 ms
    expect(slow.requests).toHaveLength(1) // still in flight
  })

  it('an emit that wakes the dispatcher while it asks the store for its next due time is sent at once, not at the next poll', async () => {
    const r = await receiver({ status: 200 })
    const memory = new MemoryStore()
    let asked!: () => void
    const asking = new Promise<void>((resolve) => (asked = resolve))
    // a store slow to answer "next due": the answer (nothing due) is read before the emit below
    const store = storeWith(memory, {
      async nextDueAt() {
        const answer = await memory.nextDueAt()
        asked()
        await new Promise((resolve) => setTimeout(resolve, 300))
        return answer
      },
    })
    const hooks = hooksWith({ store, pollIntervalMs: 60_000 })
    await hooks.endpoints.create({ url: r.url })
    await asking
    const emittedAt = Date.now()
    await hooks.emit('call:completed', { id: 'during' })
    await vi.waitFor(() => expect(r.requests).toHaveLength(1), { timeout: 5000, interval: 10 })
    expect(r.requests[0]!.receivedAt - emittedAt).toBeLessThan(2000) // not the 60 s poll
  })

  it('a claim that comes back with fewer deliveries than it asked for ends the pass (claiming again at once would come back empty)', async () => {
    const r = await receiver({ status: 200, delayMs: 300 })
    const memory = new MemoryStore()
    const claims: Array<{ limit: number; got: number }> = []
    const store = storeWith(memory, {
      async claimDueDeliveries(q: ClaimQuery) {
        const got = await memory.claimDueDeliveries(q)
        claims.push({ limit: q.limit, got: got.length })
        return got
      },
    })
    const hooks = hooksWith({ store, pollIntervalMs: 60_000, concurrency: { total: 10, perEndpoint: 10 } })
    await hooks.endpoints.create({ url: r.url })
    await vi.waitFor(() => expect(claims.length).toBeGreaterThan(0)) // the first pass, at start: nothing due
    // past the busy re-check window of that pass's next-due read (250 ms), so that no timer claims meanwhile
    await new Promise((resolve) => setTimeout(resolve, 300))
    const before = claims.length
    await Promise.all([1, 2, 3].map((i) => hooks.emit('call:completed', { id: `c${i}` })))
    await vi.waitFor(() => expect(r.requests).toHaveLength(3), { timeout: 5000, interval: 10 })
    // the three are in flight (the receiver holds them 300 ms): one claim took them, and no claim followed it
    expect(claims.slice(before)).toEqual([{ limit: 10, got: 3 }])
  })
  it('with limits shared through the store, work due but not taken (another process held its gate) is claimed again within 100 ms, not at the poll nor when an attempt here ends', async () => {
    const slow = await receiver({ status: 200, delayMs: 3000 })
    const r = await receiver({ status: 200 })
    const memory = new MemoryStore()
    let held = 2 // the first two claims find the second endpoint's gate held by another process
    const store = storeWith(memory, {
      shareLimits() {},
      claimDueDeliveries: (q: ClaimQuery) => memory.claimDueDeliveries(held-- > 0 && q.excludeEndpointIds.length === 0 ? { ...q, excludeEndpointIds: [second.id] } : q),
    })
    const hooks = hooksWith({ store, pollIntervalMs: 60_000 })
    await hooks.endpoints.create({ url: slow.url, events: ['call:missed'] })
    const second = await hooks.endpoints.create({ url: r.url, events: ['call:completed'] })
    await hooks.emit('call:missed', { id: 'slow' })
    await vi.waitFor(() => expect(slow.requests).toHaveLength(1), { timeout: 5000, interval: 10 })
    held = 2
    const emittedAt = Date.now()
    await hooks.emit('call:completed', { id: 'held' })
    await vi.waitFor(() => expect(r.requests).toHaveLength(1), { timeout: 5000, interval: 10 })
    expect(r.requests[0]!.receivedAt - emittedAt).toBeLessThan(1500) // the slow attempt ends at 3 s
  })
})
