import Fastify from 'fastify'
import Koa from 'koa'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { webhooks as fastifyWebhooks, webhookReceiver as fastifyReceiver, verifyWebhook as fastifyVerify } from '@callhook/fastify'
import { webhooks as koaWebhooks } from '@callhook/koa'
import { quiet, closeAfterEach } from './helpers/cleanup.js'

const cleanup = closeAfterEach()
function newHooks(): Webhooks {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet })
  cleanup.push(() => hooks.close())
  return hooks
}

describe('@callhook/fastify', () => {
  it('serves the API under `path`, decorates the instance, and leaves the host JSON parser alone elsewhere', async () => {
    const hooks = newHooks()
    const receiver = await startTestReceiver()
    cleanup.push(() => receiver.close())
    const app = Fastify()
    cleanup.push(() => app.close())
    await app.register(fastifyWebhooks, { hooks, path: '/api/hooks' })
    app.post('/echo', async (request) => ({ parsed: request.body }))
    await app.ready()

    expect(app.webhooks).toBe(hooks)
    const created = await app.inject({ method: 'POST', url: '/api/hooks/endpoints', payload: { url: receiver.url, events: ['call:completed'] } })
    expect(created.statusCode).toBe(201)
    expect((await app.inject({ method: 'GET', url: '/webhooks/endpoints' })).statusCode).toBe(404)
    const echo = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })
    expect(echo.json()).toEqual({ parsed: { a: 1 } })

    const { deliveries } = await app.webhooks.emit('call:completed', { id: 'call_fastify' })
    expect(deliveries).toBe(1)
    await receiver.waitFor(1)
  })

  it('keeps a raw body only for routes that use verifyWebhook, with the host JSON parser still filling request.body', async () => {
    const hooks = newHooks()
    const ep = await hooks.endpoints.create({ url: 'http://127.0.0.1:9/unused' })
    const { signedRequest } = await import('@callhook/core/testing')
    const app = Fastify()
    cleanup.push(() => app.close())
    await app.register(fastifyWebhooks, { hooks })
    app.post('/incoming', { preHandler: fastifyVerify({ secret: ep.secret }) }, async (request) => ({ webhook: request.webhook, body: request.body }))
    const request = signedRequest({ secret: ep.secret })
    const res = await app.inject({ method: 'POST', url: '/incoming', headers: request.headers, payload: request.rawBody })
    expect(res.statusCode).toBe(200)
    const json = res.json()
    expect(json.webhook).toMatchObject({ type: 'call:completed' })
    expect(json.body).toEqual(json.webhook)
  })
  it('verifies a route that asks for it in its config, and decorates every request with `webhook`', async () => {
    const { signedRequest, TEST_SECRET } = await import('@callhook/core/testing')
    const app = Fastify()
    cleanup.push(() => app.close())
    await app.register(fastifyReceiver)
    app.post('/incoming', { config: { webhook: { secret: TEST_SECRET } } }, async (request) => ({ webhook: request.webhook, scheme: request.webhookVerification?.scheme }))
    app.post('/plain', async (request) => ({ decorated: 'webhook' in request, body: request.body }))
    const good = signedRequest()
    const res = await app.inject({ method: 'POST', url: '/incoming', headers: good.headers, payload: good.rawBody })
    expect([res.statusCode, res.json().webhook.type, res.json().scheme]).toEqual([200, 'call:completed', 'standard'])
    const forged = signedRequest({ secret: 'whsec_' + Buffer.alloc(24, 7).toString('base64') })
    const rejected = await app.inject({ method: 'POST', url: '/incoming', headers: forged.headers, payload: forged.rawBody })
    expect([rejected.statusCode, rejected.headers['content-type'], rejected.json().code]).toEqual([401, 'application/problem+json', 'no_matching_signature'])
    expect((await app.inject({ method: 'POST', url: '/plain', payload: { a: 1 } })).json()).toEqual({ decorated: true, body: { a: 1 } })
  })

  it('verifies an authentic empty or malformed JSON body (which Fastify’s parser refuses) and keeps its content type; other routes still parse strictly', async () => {
    const { signedRequest, TEST_SECRET } = await import('@callhook/core/testing')
    const app = Fastify()
    cleanup.push(() => app.close())
    await app.register(fastifyReceiver)
    app.post('/incoming', { config: { webhook: { secret: TEST_SECRET } } }, async (request) => ({ webhook: request.webhook, type: request.headers['content-type'] }))
    app.post('/plain', async (request) => ({ body: request.body }))
    const empty = signedRequest({ body: '' })
    const res = await app.inject({ method: 'POST', url: '/incoming', headers: empty.headers, payload: empty.rawBody })
    expect([res.statusCode, res.json()]).toEqual([200, { webhook: null, type: 'application/json' }])
    const broken = signedRequest({ body: '{"id": ' })
    const refused = await app.inject({ method: 'POST', url: '/incoming', headers: broken.headers, payload: broken.rawBody })
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'invalid_payload'])
    const plain = await app.inject({ method: 'POST', url: '/plain', headers: { 'content-type': 'application/json' }, payload: '{"id": ' })
    expect([plain.statusCode, plain.json().code]).toEqual([400, 'FST_ERR_CTP_INVALID_JSON_BODY'])
  })

  it('refuses a route config without a secret when the route is declared', async () => {
    const app = Fastify()
    cleanup.push(() => app.close())
    await app.register(fastifyReceiver)
    expect(() => app.post('/incoming', { config: { webhook: {} } }, async () => 'never')).toThrow(/needs the endpoint secret/)
  })
})

describe('@callhook/koa', () => {
  it('serves the API under `path` and passes other requests down the middleware chain', async () => {
    const hooks = newHooks()
    const app = new Koa()
    app.use(koaWebhooks({ hooks, path: '/api/hooks/' }))
    app.use((ctx) => {
      ctx.status = 299
      ctx.body = 'next'
    })
    const server = createServer(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanup.push(() => new Promise((resolve) => server.close(resolve)))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const created = await fetch(`${base}/api/hooks/endpoints`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'https://crm.example.com/in' }) })
    expect(created.status).toBe(201)
    expect(((await (await fetch(`${base}/api/hooks/endpoints`)).json()) as { data: unknown[] }).data).toHaveLength(1)
    expect((await fetch(`${base}/webhooks/endpoints`)).status).toBe(299)
    expect((await fetch(`${base}/api/hooksx`)).status).toBe(299)
  })
})
