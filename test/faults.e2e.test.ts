import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver } from '@callhook/core/testing'
import { resettingServer, streamingServer } from './helpers/hostile.js'

const cleanup: Array<() => Promise<unknown>> = []
let hooks: Webhooks
beforeAll(() => {
  hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [], jitter: 0 } })
  cleanup.push(() => hooks.close())
})
afterAll(async () => {
  for (const close of cleanup.reverse()) await close()
})
async function track<T extends { close(): Promise<void> }>(server: Promise<T>): Promise<T> {
  const s = await server
  cleanup.push(() => s.close())
  return s
}
async function settle(eventId: string, endpointId: string) {
  return vi.waitFor(async () => {
    const d = (await hooks.events.get(eventId)).deliveries.find((x) => x.endpointId === endpointId)!
    expect(d.status).not.toBe('pending')
    return hooks.deliveries.get(d.id)
  }, { timeout: 10_000, interval: 20 })
}
const memory = () => {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

describe('hostile endpoints end in the documented state, memory bounded, a healthy endpoint unaffected', () => {
  it('a connection reset mid-response is a failed attempt with the error logged', async () => {
    const server = await track(resettingServer())
    const ep = await hooks.endpoints.create({ url: server.url, events: ['call:hangup'] })
    const { eventId } = await hooks.emit('call:hangup', { id: 'c1' })
    const delivery = await settle(eventId, ep.id)
    expect(delivery.status).toBe('failed')
    expect(delivery.attempts[0]).toMatchObject({ success: false, response: null })
    expect(delivery.attempts[0]!.error).toMatch(/closed|reset|terminated|ECONNRESET/i)
  })

  it('a 64 MiB response is cut at 64 KiB without being read, and memory stays bounded', async () => {
    const server = await track(streamingServer({ totalBytes: 64 * 1024 * 1024 }))
    const ep = await hooks.endpoints.create({ url: server.url, events: ['call:updated'] })
    const before = memory()
    const { eventId } = await hooks.emit('call:updated', { id: 'c1' })
    const delivery = await settle(eventId, ep.id)
    expect(delivery.status).toBe('succeeded')
    expect(delivery.attempts[0]!.response).toMatchObject({ status: 200, bodyTruncated: true })
    expect(delivery.attempts[0]!.response!.body).toHaveLength(65_536)
    expect(server.bytesWritten).toBeLessThan(16 * 1024 * 1024) // the rest was never pulled
    expect(memory() - before).toBeLessThan(32 * 1024 * 1024)
  })

  it('a body trickling forever hits the total timeout', async () => {
    const server = await track(streamingServer({ trickleMs: 50 }))
    const ep = await hooks.endpoints.create({ url: server.url, events: ['call:enriched'], timeoutMs: 400 })
    const { eventId } = await hooks.emit('call:enriched', { id: 'c1' })
    const delivery = await settle(eventId, ep.id)
    expect([delivery.status, delivery.attempts[0]!.error]).toEqual(['failed', 'Timed out after 400 ms'])
  })

  it('429 with Retry-After schedules the retry that far ahead (not sooner)', async () => {
    const r = await track(startTestReceiver({ status: 429, headers: { 'retry-after': '120' } }))
    const ep = await hooks.endpoints.create({ url: r.url, events: ['call:keyword'], retry: { delaysSeconds: [5] } })
    const emittedAt = Date.now()
    const { eventId } = await hooks.emit('call:keyword', { id: 'c1', keyword: 'devis' })
    const pending = await vi.waitFor(async () => {
      const d = (await hooks.events.get(eventId)).deliveries[0]!
      expect(d.attemptCount).toBe(1)
      return d
    })
    expect(pending.status).toBe('pending')
    const wait = Date.parse(pending.nextAttemptAt!) - emittedAt
    expect(wait).toBeGreaterThan(119_000)
    expect(wait).toBeLessThan(122_000)
    await hooks.endpoints.delete(ep.id)
  })

  it('while all of that goes on, a healthy endpoint gets every event fast', async () => {
    const healthy: TestReceiver = await track(startTestReceiver())
    const slow = await track(streamingServer({ trickleMs: 50 }))
    const reset = await track(resettingServer())
    const huge = await track(streamingServer({ totalBytes: 64 * 1024 * 1024 }))
    for (const url of [slow.url, reset.url, huge.url]) await hooks.endpoints.create({ url, events: ['lead:created'], timeoutMs: 2000 })
    await hooks.endpoints.create({ url: healthy.url, events: ['lead:created'] })
    const latencies: number[] = []
    for (let i = 0; i < 10; i++) {
      const started = Date.now()
      await hooks.emit('lead:created', { id: `lead_${i}` })
      const [request] = (await healthy.waitFor(i + 1)).slice(-1)
      latencies.push(request!.receivedAt - started)
    }
    expect(Math.max(...latencies)).toBeLessThan(500)
    expect(slow.hits).toBeGreaterThan(0)
  })
})

describe('circuit breaker and rate limit, against real receivers', () => {
  it('stops hammering an endpoint that fails everything, and probes it again later', async () => {
    let healthy = false
    const r = await track(startTestReceiver(() => (healthy ? { status: 200 } : { status: 500 })))
    const own = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [0.01, 0.01, 0.01, 0.01, 0.01] }, concurrency: { perEndpoint: 1 }, circuitBreaker: { failureThreshold: 3, cooldownSeconds: 0.5 } })
    cleanup.push(() => own.close())
    await own.endpoints.create({ url: r.url, events: ['call:missed'] })
    for (let i = 0; i < 5; i++) await own.emit('call:missed', { id: `c${i}` })
    await r.waitFor(3)
    healthy = true
    await r.waitFor(4, 3000) // the probe, after the cooldown
    // Open: retries were due all along, yet nothing (not even an answered request) came before the cooldown ended.
    expect(r.requests[3]!.receivedAt - r.requests[2]!.receivedAt).toBeGreaterThanOrEqual(450)
    await r.waitFor(8, 3000) // closed again: the rest flows
  })

  it('rateLimitPerSecond spaces attempts out', async () => {
    const r = await track(startTestReceiver())
    await hooks.endpoints.create({ url: r.url, events: ['sms:sent'], rateLimitPerSecond: 20 })
    for (let i = 0; i < 6; i++) await hooks.emit('sms:sent', { id: `s${i}` })
    const requests = await r.waitFor(6)
    const span = requests[5]!.receivedAt - requests[0]!.receivedAt
    expect(span).toBeGreaterThanOrEqual(5 * 50 - 10)
  })
})
