import { createHmac } from 'node:crypto'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver } from '@callhook/core/testing'
import { verifyWebhook, webhooks } from '@callhook/express'
import { api, listen } from './helpers/servers.js'

/** Seed 000's algorithm, written again from the vendor's PHP, independent of callhook's code. */
function magnetisSignature(url: string, body: string, key: string): string {
  const post: Record<string, string | Record<string, string>> = {}
  for (const [name, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)\[([^\]]*)\]$/.exec(name)
    if (m) ((post[m[1]!] ??= {}) as Record<string, string>)[m[2]!] = value
    else post[name] = value
  }
  let signed = url
  for (const key of Object.keys(post).sort()) { // ksort
    const value = post[key]!
    if (typeof value === 'object') for (const [subKey, subValue] of Object.entries(value)) signed += subKey + subValue
    else signed += key + value
  }
  return createHmac('sha1', key).update(signed).digest('base64')
}

/** Standard Webhooks, computed by hand. */
function standardSignatures(request: ReceivedRequest, secret: string): { expected: string; given: string[] } {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const content = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.text}`
  return {
    expected: `v1,${createHmac('sha256', key).update(content).digest('base64')}`,
    given: String(request.headers['webhook-signature']).split(' '),
  }
}

const closers: Array<() => Promise<void>> = []
let hooks: Webhooks
let base: string
const onFailed = vi.fn()

beforeAll(async () => {
  hooks = createWebhooks({ allowPrivateNetworks: true, retry: { delaysSeconds: [0.05, 0.05, 0.05], jitter: 0 }, onDeliveryFailed: onFailed, logger: { warn() {}, error() {} } })
  const app = express()
  app.use(webhooks({ hooks }))
  const server = await listen(app)
  base = `${server.url}/webhooks`
  closers.push(server.close, () => hooks.close())
})
afterAll(async () => {
  for (const close of closers.reverse()) await close()
})

async function receiver(...args: Parameters<typeof startTestReceiver>): Promise<TestReceiver> {
  const r = await startTestReceiver(...args)
  closers.push(() => r.close())
  return r
}
async function createEndpoint(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await api(base, 'POST', '/endpoints', body)
  expect(res.status).toBe(201)
  return res.json
}
async function settledDelivery(eventId: string, endpointId: string, status = 'succeeded') {
  return vi.waitFor(async () => {
    const event = (await api(base, 'GET', `/events/${eventId}`)).json
    const delivery = event.deliveries.find((d: { endpointId: string }) => d.endpointId === endpointId)
    expect(delivery?.status).toBe(status)
    return delivery as { id: string; attemptCount: number }
  }, { timeout: 5000, interval: 20 })
}

describe('callhook on Express, end to end', () => {
  it('fans an event out to every enabled matching endpoint and skips a disabled one', async () => {
    const [a, b, off] = await Promise.all([receiver(), receiver(), receiver()])
    await createEndpoint({ url: `${a.url}/a`, events: ['call:completed'] })
    await createEndpoint({ url: `${b.url}/b`, events: ['*'] })
    const disabled = await createEndpoint({ url: `${off.url}/off`, enabled: false })
    const emitted = await api(base, 'POST', '/events', { type: 'call:completed', data: { id: 'call_fan', durationSec: 30 } })
    expect(emitted.status).toBe(202)
    const [[toA], [toB]] = await Promise.all([a.waitFor(1), b.waitFor(1)])
    expect(JSON.parse(toA!.text)).toMatchObject({ id: emitted.json.eventId, type: 'call:completed', data: { id: 'call_fan' } })
    expect(toB!.headers['webhook-id']).toBe(emitted.json.eventId)
    // No delivery was queued for the disabled endpoint, so nothing can ever be sent to it.
    const { json: event } = await api(base, 'GET', `/events/${emitted.json.eventId}`)
    expect(event.deliveries).toHaveLength(2)
    expect(event.deliveries.map((d: { endpointId: string }) => d.endpointId)).not.toContain(disabled.id)
    expect(off.requests).toHaveLength(0)
  })

  it('signs a JSON delivery with Standard Webhooks, and verifyWebhook on a receiving Express app accepts it', async () => {
    const received: unknown[] = []
    const receiving = express()
    let secret = ''
    receiving.post('/incoming', (req, res, next) => verifyWebhook({ secret })(req, res, next), (req, res) => {
      received.push(req.webhook)
      res.status(204).end()
    })
    const server = await listen(receiving)
    closers.push(server.close)
    const ep = await createEndpoint({ url: `${server.url}/incoming`, events: ['call:missed'] })
    secret = ep.secret
    const { json } = await api(base, 'POST', '/events', { type: 'call:missed', data: { id: 'call_json', callerNumber: 'anonymous' } })
    await settledDelivery(json.eventId, ep.id)
    expect(received).toEqual([expect.objectContaining({ id: json.eventId, type: 'call:missed', data: { id: 'call_json', callerNumber: 'anonymous' } })])
  })

  it('checks a JSON delivery signature computed by hand from the Standard Webhooks spec', async () => {
    const r = await receiver()
    const ep = await createEndpoint({ url: r.url, events: ['sms:received'] })
    await api(base, 'POST', '/events', { type: 'sms:received', data: { id: 'sms_1', body: 'Bonjour' } })
    const [request] = await r.waitFor(1)
    const { expected, given } = standardSignatures(request!, ep.secret)
    expect(given).toEqual([expected])
  })

  it('sends a form delivery whose X-CALLTRACKING-SIGNATURE an independent seed 000 implementation accepts', async () => {
    const r = await receiver()
    const ep = await createEndpoint({ url: `${r.url}/hooks/calls.php?site=1`, format: 'form', events: ['call:completed'] })
    await api(base, 'POST', '/events', { type: 'call:completed', data: { id: '1234567', accountName: 'Calltracking Agence', durationSec: 120, tags: ['a', 'b'] } })
    const [request] = await r.waitFor(1)
    expect(request!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(new URLSearchParams(request!.text).get('calltracking_event[tags]')).toBe('["a","b"]')
    expect(request!.headers['x-calltracking-signature']).toBe(magnetisSignature(`${r.url}/hooks/calls.php?site=1`, request!.text, ep.secret))
  })

  it('retries a receiver that fails twice, then succeeds: three attempts in the log', async () => {
    const r = await receiver((_, i) => (i < 2 ? { status: 500, body: 'try again' } : { status: 200, body: 'thanks' }))
    const ep = await createEndpoint({ url: r.url, events: ['call:answered'] })
    const { json } = await api(base, 'POST', '/events', { type: 'call:answered', data: { id: 'call_retry' } })
    const delivery = await settledDelivery(json.eventId, ep.id)
    const log = await api(base, 'GET', `/deliveries/${delivery.id}`)
    expect(log.json.attemptCount).toBe(3)
    expect(log.json.attempts.map((a: { response: { status: number; body: string } }) => [a.response.status, a.response.body])).toEqual([[500, 'try again'], [500, 'try again'], [200, 'thanks']])
    const page = await api(base, 'GET', `/endpoints/${ep.id}/deliveries?status=succeeded`)
    expect(page.json.data.map((d: { id: string }) => d.id)).toEqual([delivery.id])
    const overview = await api(base, 'GET', `/endpoints/${ep.id}`)
    expect(overview.json.deliveryCounts).toEqual({ pending: 0, succeeded: 1, failed: 0 })
    expect(overview.json.recentAttempts).toHaveLength(3)
  })

  it('fails after the last retry, calls onDeliveryFailed, and a manual redelivery is logged as another attempt', async () => {
    let healthy = false
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 503 }))
    const ep = await createEndpoint({ url: r.url, events: ['lead:created'], retry: { delaysSeconds: [0.01] } })
    const { json } = await api(base, 'POST', '/events', { type: 'lead:created', data: { id: 'lead_1' } })
    const delivery = await settledDelivery(json.eventId, ep.id, 'failed')
    expect(onFailed).toHaveBeenCalledWith(expect.objectContaining({ delivery: expect.objectContaining({ id: delivery.id }) }))
    healthy = true
    expect((await api(base, 'POST', `/deliveries/${delivery.id}/redeliver`)).status).toBe(202)
    await settledDelivery(json.eventId, ep.id, 'succeeded')
    const log = await api(base, 'GET', `/deliveries/${delivery.id}`)
    expect(log.json.attempts.map((a: { trigger: string; success: boolean }) => [a.trigger, a.success])).toEqual([['scheduled', false], ['scheduled', false], ['manual', true]])
  })

  it('replays failed deliveries since a date', async () => {
    let healthy = false
    const r = await receiver(() => (healthy ? { status: 200 } : { status: 500 }))
    const ep = await createEndpoint({ url: r.url, events: ['sale:updated'], retry: { delaysSeconds: [] } })
    const since = new Date().toISOString()
    const { json } = await api(base, 'POST', '/events', { type: 'sale:updated', data: { id: 'sale_1', saleValue: 10 } })
    await settledDelivery(json.eventId, ep.id, 'failed')
    healthy = true
    const replay = await api(base, 'POST', `/endpoints/${ep.id}/replay`, { since })
    expect([replay.status, replay.json]).toEqual([202, { requeued: 1 }])
    await settledDelivery(json.eventId, ep.id, 'succeeded')
  })

  it("answers a test send with the receiver's status, headers and body", async () => {
    const r = await receiver({ status: 418, body: '{"teapot":true}', headers: { 'content-type': 'application/json' }, delayMs: 60 })
    const ep = await createEndpoint({ url: r.url, events: ['call:ringing'] })
    const res = await api(base, 'POST', `/endpoints/${ep.id}/test`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ success: false, status: 418, body: '{"teapot":true}', headers: { 'content-type': 'application/json' }, error: 'HTTP 418' })
    expect(res.json.durationMs).toBeGreaterThanOrEqual(50) // the receiver held its answer 60 ms
    expect(JSON.parse(r.requests[0]!.text)).toMatchObject({ type: 'call:ringing', data: { id: expect.any(String), trackingNumber: expect.any(String) } })
    const log = await api(base, 'GET', `/deliveries/${res.json.deliveryId}`)
    expect(log.json.attempts).toEqual([expect.objectContaining({ trigger: 'test', response: expect.objectContaining({ status: 418 }) })])
  })

  it('rotates a secret: during the grace period a delivery verifies with the old and with the new secret', async () => {
    const r = await receiver()
    const ep = await createEndpoint({ url: r.url, events: ['call:hangup'] })
    const rotated = await api(base, 'POST', `/endpoints/${ep.id}/secret/rotate`, {})
    expect(rotated.status).toBe(200)
    await api(base, 'POST', '/events', { type: 'call:hangup', data: { id: 'call_rot' } })
    const [request] = await r.waitFor(1)
    const withOld = standardSignatures(request!, ep.secret)
    const withNew = standardSignatures(request!, rotated.json.secret)
    expect(withOld.given).toEqual([withNew.expected, withOld.expected])
  })

  it('answers bad input with 4xx problem+json and writes nothing', async () => {
    const before = (await api(base, 'GET', '/endpoints?limit=250')).json.data.length
    const bad = await api(base, 'POST', '/endpoints', { url: 'not a url', events: 'call:completed', surprise: 1 })
    expect(bad.status).toBe(400)
    expect(bad.contentType).toBe('application/problem+json')
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['events', 'surprise', 'url'])
    expect((await api(base, 'GET', '/endpoints?limit=250')).json.data.length).toBe(before)
    const badEvent = await api(base, 'POST', '/events', { type: 'call:completed', data: { id: '' } })
    expect([badEvent.status, badEvent.json.errors[0].field]).toEqual([400, 'data.id'])
    expect((await api(base, 'GET', '/endpoints/ep_doesnotexist')).status).toBe(404)
    const huge = await api(base, 'POST', '/endpoints', { url: 'https://a.example.com', description: 'x'.repeat(2 * 1024 * 1024) })
    expect([huge.status, huge.json.code]).toEqual([413, 'payload_too_large'])
    expect((await api(base, 'GET', '/endpoints?limit=250')).json.data.length).toBe(before)
  })
})

describe('webhooks() on Express', () => {
  it('serves the REST API under a custom path, also after express.json() parsed the body', async () => {
    const own = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} } })
    const app = express()
    app.use(express.json())
    app.use('/api', webhooks({ hooks: own, path: '/hooks' }))
    app.use((_req, res) => res.status(599).send('fell through'))
    const server = await listen(app)
    closers.push(server.close, () => own.close())
    const created = await api(server.url, 'POST', '/api/hooks/endpoints', { url: 'https://crm.example.com/in' })
    expect(created.status).toBe(201)
    expect((await api(server.url, 'GET', '/api/hooks/endpoints')).json.data).toHaveLength(1)
    expect((await fetch(`${server.url}/api/elsewhere`)).status).toBe(599)
    expect((await fetch(`${server.url}/webhooks/endpoints`)).status).toBe(599)
  })
})

describe('verifyWebhook on Express', () => {
  it('answers 401 problem+json for a tampered body and a stale timestamp', async () => {
    const app = express()
    app.post('/in', verifyWebhook({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }), (_req, res) => res.send('ok'))
    const server = await listen(app)
    closers.push(server.close)
    const { signedRequest } = await import('@callhook/core/testing')
    const genuine = signedRequest()
    const post = (headers: Record<string, string>, body: Buffer | string) => fetch(`${server.url}/in`, { method: 'POST', headers, body })
    expect((await post(genuine.headers, genuine.rawBody)).status).toBe(200)
    const tampered = await post(genuine.headers, genuine.rawBody.toString().replace('42', '43'))
    expect([tampered.status, tampered.headers.get('content-type')]).toEqual([401, 'application/problem+json'])
    expect(((await tampered.json()) as { code: string }).code).toBe('no_matching_signature')
    const stale = signedRequest({ timestamp: Math.floor(Date.now() / 1000) - 3600 })
    expect(((await (await post(stale.headers, stale.rawBody)).json()) as { code: string }).code).toBe('timestamp_too_old')
  })

  it('says what to change when express.json() already consumed the body', async () => {
    const app = express()
    app.use(express.json())
    app.post('/in', verifyWebhook({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }), (_req, res) => res.send('ok'))
    const server = await listen(app)
    closers.push(server.close)
    const { signedRequest } = await import('@callhook/core/testing')
    const genuine = signedRequest()
    const res = await fetch(`${server.url}/in`, { method: 'POST', headers: genuine.headers, body: genuine.rawBody })
    expect(res.status).toBe(500)
    const problem = (await res.json()) as { code: string; detail: string }
    expect(problem.code).toBe('body_already_parsed')
    expect(problem.detail).toMatch(/Mount verifyWebhook before express\.json\(\)/)
  })

  it('throws at setup when no secret is given', () => {
    expect(() => verifyWebhook({ secret: undefined })).toThrow(/needs the endpoint secret/)
  })
})
