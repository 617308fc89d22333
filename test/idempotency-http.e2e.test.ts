import { request as httpRequest } from 'node:http'
import express from 'express'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver, type TestReceiver } from '@callhook/core/testing'
import { webhooks } from '@callhook/express'
import { listen } from './helpers/servers.js'

let hooks: Webhooks
let base: string
let receiver: TestReceiver
let endpointId: string
const closers: Array<() => Promise<void>> = []

beforeAll(async () => {
  receiver = await startTestReceiver()
  hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, idempotencyWindowSeconds: 3600 })
  const app = express()
  app.use(webhooks({ hooks }))
  const server = await listen(app)
  base = `${server.url}/webhooks`
  closers.push(() => receiver.close(), server.close, () => hooks.close())
  endpointId = (await hooks.endpoints.create({ url: `${receiver.url}/crm`, events: ['call:completed', 'sms:received'] })).id
})
afterAll(async () => {
  for (const close of closers.reverse()) await close()
})

async function post(body: unknown, key?: string) {
  const res = await fetch(`${base}/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key !== undefined ? { 'idempotency-key': key } : {}) }, body: JSON.stringify(body) })
  return { status: res.status, replayed: res.headers.get('idempotent-replayed'), json: (await res.json()) as any }
}

describe('idempotent emits over HTTP (POST /events, Idempotency-Key)', () => {
  it('the same key answers the first event again with Idempotent-Replayed: true, and the receiver gets it once', async () => {
    const first = await post({ type: 'call:completed', data: { id: 'call_http_1' } }, 'order-1001')
    expect(first).toMatchObject({ status: 202, replayed: null, json: { deliveries: 1 } })
    const again = await post({ type: 'call:completed', data: { id: 'call_http_1' } }, 'order-1001')
    expect(again).toEqual({ status: 202, replayed: 'true', json: first.json })
    await receiver.waitFor(1)
    const event = await hooks.events.get(first.json.eventId)
    await vi.waitFor(() => expect(receiver.requests.filter((r) => r.headers['webhook-id'] === first.json.eventId)).toHaveLength(1))
    expect(event.deliveries).toHaveLength(1)
  })

  it('the same key with another type and data still answers the first event (the first event wins); nothing is queued', async () => {
    const first = await post({ type: 'call:completed', data: { id: 'call_http_2' } }, 'order-1002')
    const queued = await hooks.store.listDeliveries({ endpointId, limit: 1000 })
    const other = await post({ type: 'sms:received', data: { id: 'sms_9' } }, 'order-1002')
    expect(other).toEqual({ status: 202, replayed: 'true', json: first.json })
    expect(await hooks.store.listDeliveries({ endpointId, limit: 1000 })).toHaveLength(queued.length)
  })

  it('without a key every POST is a new event', async () => {
    const a = await post({ type: 'call:completed', data: { id: 'call_http_3' } })
    const b = await post({ type: 'call:completed', data: { id: 'call_http_3' } })
    expect(a.json.eventId).not.toBe(b.json.eventId)
    expect([a.replayed, b.replayed]).toEqual([null, null])
  })

  it('a key that is too long or not printable ASCII answers 400 naming the header; nothing is stored', async () => {
    const long = await post({ type: 'call:completed', data: { id: 'x' } }, 'k'.repeat(256))
    expect(long.status).toBe(400)
    expect(long.json).toMatchObject({ code: 'validation_failed', errors: [{ field: 'Idempotency-Key', message: 'must be at most 255 characters' }] })
    const latin1 = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const url = new URL(`${base}/events`)
      const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': 'cl\xe9' } }, (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
      })
      req.on('error', reject)
      req.end(JSON.stringify({ type: 'call:completed', data: { id: 'x' } }))
    })
    expect(latin1).toMatchObject({ status: 400, body: { errors: [{ field: 'Idempotency-Key', message: 'must be printable ASCII characters only' }] } })
    const empty = await post({ type: 'call:completed', data: { id: 'x' } }, '')
    expect(empty.status).toBe(400)
  })

  it('the OpenAPI document describes the header parameter and the response header', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as any
    const op = doc.paths['/events'].post
    expect(op.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false, schema: expect.objectContaining({ type: 'string', minLength: 1, maxLength: 255 }) }))
    expect(op.responses['202'].headers['Idempotent-Replayed']).toMatchObject({ schema: { type: 'string', const: 'true' } })
  })
})

describe('idempotent emits in code (emit options)', () => {
  it('keys are per tenant: the same key for two accounts makes two events', async () => {
    const a = await hooks.emit('call:completed', { id: 'c1' }, { accountId: 'acc_a', idempotencyKey: 'shared' })
    const b = await hooks.emit('call:completed', { id: 'c1' }, { accountId: 'acc_b', idempotencyKey: 'shared' })
    const a2 = await hooks.emit('call:completed', { id: 'c1' }, { accountId: 'acc_a', idempotencyKey: 'shared' })
    expect(a.eventId).not.toBe(b.eventId)
    expect(a2).toEqual({ ...a, replayed: true })
  })

  it('after the window (idempotencyWindowSeconds) the key makes a new event', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() })
    try {
      const first = await hooks.emit('call:completed', { id: 'c2' }, { idempotencyKey: 'windowed' })
      vi.setSystemTime(Date.now() + 3599_000)
      expect(await hooks.emit('call:completed', { id: 'c2' }, { idempotencyKey: 'windowed' })).toEqual({ ...first, replayed: true })
      vi.setSystemTime(Date.now() + 2_000)
      const later = await hooks.emit('call:completed', { id: 'c2' }, { idempotencyKey: 'windowed' })
      expect(later.replayed).toBe(false)
      expect(later.eventId).not.toBe(first.eventId)
    } finally {
      vi.useRealTimers()
    }
  })

  it('a bad key throws a validation error before anything is stored', async () => {
    await expect(hooks.emit('call:completed', { id: 'c3' }, { idempotencyKey: 'tab\there' })).rejects.toMatchObject({ code: 'validation_failed', errors: [{ field: 'idempotencyKey' }] })
  })
})
