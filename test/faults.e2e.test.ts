import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, MemoryStore, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver } from '@callhook/core/testing'
import { createServer, type ServerResponse } from 'node:http'
import { resettingServer, streamingServer } from './helpers/hostile.js'
import { listenServer } from './helpers/servers.js'

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
    const { eventId } = await hooks.emit('call:keyword', { id: 'c1', keyword: 'devis' })
    const pending = await vi.waitFor(async () => {
      const d = (await hooks.events.get(eventId)).deliveries[0]!
      expect(d.attemptCount).toBe(1)
      return d
    })
    const seenAt = Date.now()
    expect(pending.status).toBe('pending')
    // Scheduled when the 429 came back: after the request arrived, before we saw the attempt logged.
    const next = Date.parse(pending.nextAttemptAt!)
    expect(next).toBeGreaterThanOrEqual(r.requests[0]!.receivedAt + 120_000)
    expect(next).toBeLessThanOrEqual(seenAt + 120_000)
    await hooks.endpoints.delete(ep.id)
  })

  it('while all of that goes on, a healthy endpoint gets every event without waiting for them', async () => {
    const healthy: TestReceiver = await track(startTestReceiver())
    const slow = await track(streamingServer({ trickleMs: 50 }))
    const reset = await track(resettingServer())
    const huge = await track(streamingServer({ totalBytes: 64 * 1024 * 1024 }))
    await hooks.endpoints.create({ url: slow.url, events: ['lead:created'], timeoutMs: 120_000 }) // never answers within the test
    for (const url of [reset.url, huge.url]) await hooks.endpoints.create({ url, events: ['lead:created'], timeoutMs: 2000 })
    await hooks.endpoints.create({ url: healthy.url, events: ['lead:created'] })
    await hooks.emit('lead:created', { id: 'lead_0' })
    await vi.waitFor(() => expect(slow.open).toBe(1), { timeout: 10_000, interval: 10 }) // the slow endpoint holds its first delivery
    for (let i = 1; i < 10; i++) await hooks.emit('lead:created', { id: `lead_${i}` })
    const requests = await healthy.waitFor(10) // (a dispatcher that queued behind the slow one would wait 2 minutes)
    expect(requests.map((q) => JSON.parse(q.text).data.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `lead_${i}`).sort())
    expect(slow.open).toBeGreaterThan(0) // ... and all of it arrived while the slow endpoint was still hanging
    expect(reset.hits).toBeGreaterThan(0)
  })
})

describe('endpoints on one host', () => {
  it('do not queue behind each other: with one request per endpoint, a hanging endpoint does not hold back its neighbour on the same origin', async () => {
    // One server, two paths: /slow never answers while the test runs, /fast answers at once. A
    // connection pool per origin capped at perEndpoint (1) would queue /fast behind /slow.
    const held: ServerResponse[] = []
    const fast: string[] = []
    const server = await listenServer(createServer((req, res) => {
      req.resume()
      if (req.url === '/slow') return void held.push(res)
      fast.push(String(req.headers['webhook-id']))
      res.writeHead(204).end()
    }))
    cleanup.push(() => server.close())
    const own = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, concurrency: { perEndpoint: 1 }, timeoutMs: 60_000, retry: { delaysSeconds: [] } })
    cleanup.push(() => own.close(), async () => held.forEach((res) => res.writeHead(204).end())) // closers run last pushed first
    await own.endpoints.create({ url: `${server.url}/slow`, events: ['sms:received'] })
    await own.endpoints.create({ url: `${server.url}/fast`, events: ['sms:received'] })
    const first = await own.emit('sms:received', { id: 'sms_1' })
    const second = await own.emit('sms:received', { id: 'sms_2' })
    await vi.waitFor(() => expect(fast).toEqual([first.eventId, second.eventId]), { timeout: 10_000, interval: 10 })
    expect(held).toHaveLength(1) // /slow still holds the first, and has not been sent the second (its cap is 1)
  })
})

describe('circuit breaker and rate limit, against real receivers', () => {
  it('stops hammering an endpoint that fails everything, and probes it again later', async () => {
    const r = await track(startTestReceiver((_, index) => ({ status: index < 3 ? 500 : 200 })))
    const own = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [0.01, 0.01, 0.01, 0.01, 0.01] }, concurrency: { perEndpoint: 1 }, circuitBreaker: { failureThreshold: 3, cooldownSeconds: 0.5 } })
    cleanup.push(() => own.close())
    await own.endpoints.create({ url: r.url, events: ['call:missed'] })
    for (let i = 0; i < 5; i++) await own.emit('call:missed', { id: `c${i}` })
    await r.waitFor(4) // three failures open the breaker; the fourth request is the probe, and it succeeds
    // Retries were due every 10 ms all along: the gap shows none was sent while the breaker was open.
    expect(r.requests[3]!.receivedAt - r.requests[2]!.receivedAt).toBeGreaterThanOrEqual(450)
    await r.waitFor(8) // closed again: the rest flows
  })

  it('a probe whose attempt log fails does not hold the endpoint back: its answer still closes the circuit', async () => {
    const r = await track(startTestReceiver((_, index) => ({ status: index < 3 ? 500 : 200 })))
    const store = new MemoryStore()
    const record = store.recordAttempt.bind(store)
    let logs = 0
    store.recordAttempt = async (attempt, patch) => {
      if (++logs === 4) throw new Error('store blip') // the probe's log (the first three were the failures)
      return record(attempt, patch)
    }
    const errors: string[] = []
    const own = createWebhooks({ store, allowPrivateNetworks: true, logger: { warn() {}, error: (message: string) => void errors.push(message) }, retry: { delaysSeconds: [0.01, 0.01, 0.01, 0.01, 0.01] }, concurrency: { perEndpoint: 1 }, circuitBreaker: { failureThreshold: 3, cooldownSeconds: 0.2 } })
    cleanup.push(() => own.close())
    await own.endpoints.create({ url: r.url, events: ['call:missed'] })
    for (let i = 0; i < 5; i++) await own.emit('call:missed', { id: `c${i}` })
    // Three failures open the breaker; the fourth request is the probe, answered 200, whose log fails
    // (its delivery waits for its lease to end). The answer closed the circuit: the other four go.
    await r.waitFor(8)
    expect(errors.some((message) => message.includes('could not be processed'))).toBe(true)
  })

  it('rateLimitPerSecond spaces attempts out', async () => {
    const r = await track(startTestReceiver())
    await hooks.endpoints.create({ url: r.url, events: ['sms:sent'], rateLimitPerSecond: 20 })
    const before = Date.now()
    for (let i = 0; i < 6; i++) await hooks.emit('sms:sent', { id: `s${i}` })
    const requests = await r.waitFor(6)
    // 20/s: the k-th attempt's slot is at least k × 50 ms after the first, which came after `before`;
    // nothing starts before its slot, and a request arrives after it starts.
    const offsets = requests.map((q) => q.receivedAt - before).sort((a, b) => a - b)
    offsets.forEach((offset, k) => expect(offset).toBeGreaterThanOrEqual(k * 50))
  })
})
