import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import type { ApiRequest } from './handle-request.js'

// Endpoints that get events point at the discard port on loopback: no test talks beyond 127.0.0.1.
let hooks: Webhooks
beforeEach(() => {
  hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, bodyLimitBytes: 10_000 })
})
afterEach(() => hooks.close())

async function call(method: string, path: string, body?: unknown, extra: Partial<ApiRequest> = {}) {
  const response = await hooks.handleRequest({
    method, path, headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body), ...extra,
  })
  return { ...response, json: response.body ? JSON.parse(response.body) : undefined }
}

describe('REST API handler', () => {
  it('creates an endpoint with defaults and shows its secret only on create and reveal', async () => {
    const created = await call('POST', '/endpoints', { url: 'https://crm.example.com/hooks' })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ title: 'crm.example.com', events: ['*'], enabled: true, format: 'json', method: 'POST', signature: 'all' })
    expect(created.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const read = await call('GET', `/endpoints/${created.json.id}`)
    expect(read.json.secret).toBeUndefined()
    expect(read.json).toMatchObject({ deliveryCounts: { pending: 0, succeeded: 0, failed: 0 }, recentAttempts: [] })
    expect((await call('GET', '/endpoints')).json.data[0].secret).toBeUndefined()
    expect((await call('GET', `/endpoints/${created.json.id}/secret`)).json.secret).toBe(created.json.secret)
  })

  it('answers 400 problem+json naming every bad field, and writes nothing', async () => {
    const bad = await call('POST', '/endpoints', { url: 'ftp://x', events: ['call:nope'], format: 'xml', retry: { delaysSeconds: [-1] }, colour: 'red' })
    expect(bad.status).toBe(400)
    expect(bad.headers['content-type']).toBe('application/problem+json')
    expect(bad.json.code).toBe('validation_failed')
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'events[0]', 'format', 'retry.delaysSeconds[0]', 'url'])
    expect((await call('GET', '/endpoints')).json.data).toEqual([])
  })

  it('refuses reserved headers', async () => {
    const bad = await call('POST', '/endpoints', { url: 'https://a.example.com', headers: { 'Webhook-Signature': 'x', 'X-Api-Key': 'ok', 'Transfer-Encoding': 'chunked' } })
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['headers.Transfer-Encoding', 'headers.Webhook-Signature'])
  })

  it('checks fields that depend on each other: format, preset, template, resourceUrl, method', async () => {
    const fields = async (body: Record<string, unknown>) => (await call('POST', '/endpoints', { url: 'https://a.example.com', ...body })).json.errors?.map((e: { field: string }) => e.field).sort()
    expect(await fields({ format: 'template' })).toEqual(['template'])
    expect(await fields({ format: 'resource', template: { body: 'x' } })).toEqual(['resourceUrl', 'template'])
    expect(await fields({ preset: 'magnetis', format: 'json' })).toEqual(['format'])
    expect(await fields({ method: 'GET' })).toEqual(['method'])
    expect(await fields({ format: 'pixel', method: 'PUT' })).toEqual(['method'])
    expect(await fields({ format: 'template', template: { body: 'Hello {{#data}}' } })).toEqual(['template.body'])
    expect(await fields({ url: 'https://{{data.host}}/x' })).toEqual(['url'])
    const preset = await call('POST', '/endpoints', { url: 'https://a.example.com', preset: 'magnetis' })
    expect(preset.json).toMatchObject({ preset: 'magnetis', format: 'form', method: 'POST' })
    const pixel = await call('POST', '/endpoints', { url: 'https://a.example.com/p?c=:callid', format: 'pixel' })
    expect(pixel.json).toMatchObject({ format: 'pixel', method: 'GET' })
    const switched = await call('PATCH', `/endpoints/${pixel.json.id}`, { format: 'template', template: { body: '{{type}}' } })
    expect(switched.json).toMatchObject({ format: 'template', method: 'POST', template: { body: '{{type}}', contentType: 'text/plain; charset=utf-8' } })
    const back = await call('PATCH', `/endpoints/${pixel.json.id}`, { format: 'json' })
    expect(back.json).toMatchObject({ format: 'json', method: 'POST', template: null })
  })

  it('updates partially, rejects unknown fields, deletes with 204, then 404', async () => {
    const { json: ep } = await call('POST', '/endpoints', { url: 'https://a.example.com', title: 'A' })
    const patched = await call('PATCH', `/endpoints/${ep.id}`, { description: 'CRM', events: ['call:completed', 'call:completed'] })
    expect(patched.json).toMatchObject({ title: 'A', description: 'CRM', events: ['call:completed'] })
    expect((await call('PATCH', `/endpoints/${ep.id}`, { secret: 'whsec_x' })).status).toBe(400)
    expect((await call('DELETE', `/endpoints/${ep.id}`)).status).toBe(204)
    const gone = await call('GET', `/endpoints/${ep.id}`)
    expect([gone.status, gone.json.code]).toEqual([404, 'not_found'])
  })

  it('pages endpoint lists with an opaque cursor', async () => {
    for (let i = 0; i < 3; i++) await call('POST', '/endpoints', { url: `https://e${i}.example.com` })
    const first = await call('GET', '/endpoints', undefined, { query: { limit: '2' } })
    expect(first.json.data).toHaveLength(2)
    const second = await call('GET', '/endpoints', undefined, { query: { limit: '2', cursor: first.json.nextCursor } })
    expect(second.json.data.map((e: { title: string }) => e.title)).toEqual(['e2.example.com'])
    expect(second.json.nextCursor).toBeNull()
    expect((await call('GET', '/endpoints', undefined, { query: { cursor: 'nonsense' } })).json.errors[0].field).toBe('cursor')
    expect((await call('GET', '/endpoints', undefined, { query: { limit: '0' } })).json.errors[0].field).toBe('limit')
  })

  it('answers 404 for unknown routes, 405 with Allow for wrong methods, 413 for big bodies, 415 and 400 for bad bodies', async () => {
    expect((await call('GET', '/nope')).status).toBe(404)
    const wrong = await call('PUT', '/endpoints')
    expect([wrong.status, wrong.headers.allow]).toEqual([405, 'GET, POST'])
    expect((await call('POST', '/endpoints', { url: 'https://a.example.com', description: 'x'.repeat(20_000) })).status).toBe(413)
    expect((await call('POST', '/endpoints', 'url=x', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(415)
    const invalid = await call('POST', '/endpoints', '{"url":')
    expect([invalid.status, invalid.json.code]).toEqual([400, 'invalid_json'])
  })

  it('emits over HTTP with 202 and reads the event back with its deliveries', async () => {
    await call('POST', '/endpoints', { url: 'http://127.0.0.1:9/a', enabled: false })
    const { json: ep } = await call('POST', '/endpoints', { url: 'http://127.0.0.1:9/b', events: ['call:completed'] })
    const emitted = await call('POST', '/events', { type: 'call:completed', data: { id: 'call_1', durationSec: 12 } })
    expect(emitted.status).toBe(202)
    expect(emitted.json.deliveries).toBe(1)
    const event = await call('GET', `/events/${emitted.json.eventId}`)
    expect(event.json).toMatchObject({ type: 'call:completed', data: { id: 'call_1', durationSec: 12 }, deliveries: [{ endpointId: ep.id }] })
    const bad = await call('POST', '/events', { type: 'call:completed', data: { durationSec: -1 } })
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['data.durationSec', 'data.id'])
    expect((await call('POST', '/events', { type: 'call:unknown', data: {} })).json.errors[0].field).toBe('type')
  })

  it('serves the event catalogue with JSON Schemas', async () => {
    const { json } = await call('GET', '/event-types')
    const completed = json.data.find((t: { type: string }) => t.type === 'call:completed')
    expect(completed.schema.properties.status.anyOf[0].enum).toEqual(['ANSWER', 'BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', 'CHANUNAVAIL', 'DONTCALL', 'TORTURE'])
    expect(completed.schema.required).toEqual(['id'])
    expect(json.data.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(['call:ringing', 'lead:created', 'sms:received', 'user:action']))
  })

  it('scopes every route to the tenant: another tenant\'s records answer 404', async () => {
    const a = { tenant: 'acc_a' }
    const b = { tenant: 'acc_b' }
    const { json: ep } = await call('POST', '/endpoints', { url: 'http://127.0.0.1:9/a' }, a)
    expect(ep.accountId).toBe('acc_a')
    const { json: emitted } = await call('POST', '/events', { type: 'call:completed', data: { id: 'c1' } }, a)
    expect(emitted.deliveries).toBe(1)
    expect((await call('POST', '/events', { type: 'call:completed', data: { id: 'c2' } }, b)).json.deliveries).toBe(0)
    const deliveryId = (await call('GET', `/events/${emitted.eventId}`, undefined, a)).json.deliveries[0].id
    for (const [method, path] of [['GET', `/endpoints/${ep.id}`], ['PATCH', `/endpoints/${ep.id}`], ['GET', `/endpoints/${ep.id}/secret`], ['POST', `/endpoints/${ep.id}/test`],
      ['GET', `/endpoints/${ep.id}/deliveries`], ['POST', `/endpoints/${ep.id}/replay`], ['DELETE', `/endpoints/${ep.id}`], ['GET', `/deliveries/${deliveryId}`],
      ['POST', `/deliveries/${deliveryId}/redeliver`], ['GET', `/events/${emitted.eventId}`]] as const) {
      expect([method, path, (await call(method, path, method === 'POST' || method === 'PATCH' ? {} : undefined, b)).status]).toEqual([method, path, 404])
    }
    expect((await call('GET', '/endpoints', undefined, b)).json.data).toEqual([])
    expect((await call('POST', '/events', { type: 'call:completed', data: { id: 'c3' }, accountId: 'acc_b' }, a)).json.errors[0].field).toBe('accountId')
    expect((await call('GET', '/endpoints', undefined, { tenant: null })).status).toBe(401)
  })

  it('rotates a secret: the new one is revealed, the old one listed until its grace period ends', async () => {
    const { json: ep } = await call('POST', '/endpoints', { url: 'https://a.example.com' })
    const rotated = await call('POST', `/endpoints/${ep.id}/secret/rotate`, { graceSeconds: 3600 })
    expect(rotated.status).toBe(200)
    expect(rotated.json.secret).not.toBe(ep.secret)
    const revealed = (await call('GET', `/endpoints/${ep.id}/secret`)).json
    expect(revealed.secret).toBe(rotated.json.secret)
    expect(revealed.previousSecrets).toEqual([{ secret: ep.secret, expiresAt: rotated.json.previousSecretExpiresAt }])
    expect((await call('POST', `/endpoints/${ep.id}/secret/rotate`, { graceSeconds: -5 })).json.errors[0].field).toBe('graceSeconds')
  })

  it('pages the delivery log newest first with a cursor', async () => {
    const { json: ep } = await call('POST', '/endpoints', { url: 'http://127.0.0.1:9/a', enabled: false })
    await call('PATCH', `/endpoints/${ep.id}`, { enabled: true })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await call('POST', '/events', { type: 'call:completed', data: { id: `c${i}` } })).json.eventId)
    const first = await call('GET', `/endpoints/${ep.id}/deliveries`, undefined, { query: { limit: '2' } })
    expect(first.json.data.map((d: { eventId: string }) => d.eventId)).toEqual([ids[2], ids[1]])
    const second = await call('GET', `/endpoints/${ep.id}/deliveries`, undefined, { query: { limit: '2', cursor: first.json.nextCursor } })
    expect([second.json.data.map((d: { eventId: string }) => d.eventId), second.json.nextCursor]).toEqual([[ids[0]], null])
  })

  it('validates delivery-log queries and replay bodies', async () => {
    const { json: ep } = await call('POST', '/endpoints', { url: 'https://a.example.com' })
    const bad = await call('GET', `/endpoints/${ep.id}/deliveries`, undefined, { query: { status: 'lost', from: 'yesterday' } })
    expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'status'])
    expect((await call('POST', `/endpoints/${ep.id}/replay`, {})).json.errors[0].field).toBe('since')
    const replay = await call('POST', `/endpoints/${ep.id}/replay`, { since: '2026-01-01T00:00:00Z' })
    expect([replay.status, replay.json]).toEqual([202, { requeued: 0 }])
  })
})
