import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'
import type { Server } from 'node:http'
import { describe, expect, it } from 'vitest'
import { CallhookError, createWebhooks, WebhookVerificationError, type VerifiedWebhook, type Webhooks } from '@callhook/core'
import { signedRequest, TEST_SECRET } from '@callhook/core/testing'
import { handleWebhook, verifyWebhook, webhooks } from '@callhook/fetch'
import { listenServer } from './helpers/servers.js'
import { quiet, closeAfterEach } from './helpers/cleanup.js'

const cleanup = closeAfterEach()
function newHooks(): Webhooks {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet })
  cleanup.push(() => hooks.close())
  return hooks
}
/** A fetch handler on a real loopback server. */
async function serve(fetch: (request: Request) => Response | Promise<Response>): Promise<string> {
  const running = await listenServer(createAdaptorServer({ fetch, overrideGlobalObjects: false }) as Server)
  cleanup.push(() => running.close())
  return running.url
}
const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

describe('@callhook/fetch webhooks()', () => {
  it('serves the API under `path`, answers 404 problem+json outside it, and exposes the instance', async () => {
    const hooks = newHooks()
    const api = webhooks({ hooks, path: '/api/hooks/' })
    expect(api.hooks).toBe(hooks)
    const base = await serve(api)
    expect((await fetch(`${base}/api/hooks/endpoints`, json({ url: 'https://crm.example.com/in' }))).status).toBe(201)
    expect((await hooks.endpoints.list()).data).toHaveLength(1)
    const outside = await fetch(`${base}/api/hooksx`)
    expect([outside.status, outside.headers.get('content-type'), ((await outside.json()) as { code: string }).code]).toEqual([404, 'application/problem+json', 'not_found'])
  })

  it('hands requests outside the mount to `fallback`', async () => {
    const base = await serve(webhooks({ hooks: newHooks(), fallback: (request) => new Response(`app: ${new URL(request.url).pathname}`, { status: 299 }) }))
    const res = await fetch(`${base}/health`)
    expect([res.status, await res.text()]).toEqual([299, 'app: /health'])
    expect((await fetch(`${base}/webhooks/event-types`)).status).toBe(200)
  })

  it('scopes every route to `tenant(request)` and answers 401 when it finds none', async () => {
    const base = await serve(webhooks({ hooks: newHooks(), tenant: (request) => request.headers.get('x-account') }))
    expect((await fetch(`${base}/webhooks/endpoints`)).status).toBe(401)
    const created = (await (await fetch(`${base}/webhooks/endpoints`, { ...json({ url: 'https://crm.example.com/a' }), headers: { 'content-type': 'application/json', 'x-account': 'acc_a' } })).json()) as { id: string }
    expect((await fetch(`${base}/webhooks/endpoints/${created.id}`, { headers: { 'x-account': 'acc_a' } })).status).toBe(200)
    expect((await fetch(`${base}/webhooks/endpoints/${created.id}`, { headers: { 'x-account': 'acc_b' } })).status).toBe(404)
  })

  it('works as a route of a Hono app, beside routes that parse JSON themselves', async () => {
    const hooks = newHooks()
    const api = webhooks({ hooks })
    const app = new Hono()
    app.all('/webhooks/*', (c) => api(c.req.raw))
    app.post('/echo', async (c) => c.json({ parsed: await c.req.json() }))
    const base = await serve(app.fetch)
    expect((await fetch(`${base}/webhooks/endpoints`, json({ url: 'https://crm.example.com/in', events: ['call:completed'] }))).status).toBe(201)
    expect(await (await fetch(`${base}/echo`, json({ a: 1 }))).json()).toEqual({ parsed: { a: 1 } })
  })

  it('rejects a `fallback` that is not a function at setup', () => {
    expect(() => webhooks({ hooks: newHooks(), fallback: 'nope' as never })).toThrow(/fallback/)
  })
})

describe('@callhook/fetch verifyWebhook()', () => {
  const post = (url: string, request = signedRequest({ url })) => new Request(url, { method: 'POST', headers: request.headers, body: request.rawBody })

  it('returns the parsed event and how it was verified', async () => {
    const verified: VerifiedWebhook = await verifyWebhook({ secret: TEST_SECRET })(post('https://crm.example.com/hooks/calls'))
    expect(verified).toMatchObject({ event: { type: 'call:completed', data: { id: 'call_1' } }, scheme: 'standard', webhookId: 'msg_test', secretIndex: 0 })
  })

  it('rejects a tampered request with a WebhookVerificationError, not a boolean', async () => {
    const request = signedRequest()
    request.rawBody = Buffer.from(request.rawBody.toString().replace('42', '43'))
    const error = await verifyWebhook({ secret: TEST_SECRET })(post(request.url, request)).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WebhookVerificationError)
    expect(error).toMatchObject({ status: 401, code: 'no_matching_signature' })
  })

  it('says what to change when the body was already read', async () => {
    const request = post('https://crm.example.com/hooks/calls')
    await request.text()
    const error = await verifyWebhook({ secret: TEST_SECRET })(request).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CallhookError)
    expect(error).toMatchObject({ code: 'body_already_parsed', message: expect.stringMatching(/request\.clone\(\)/) })
  })

  it('signs the calltracking scheme over request.url, or the `url` option behind a proxy', async () => {
    const form = { body: 'calltracking_event%5Bidcall%5D=1&event_type=call%3Acompleted', contentType: 'application/x-www-form-urlencoded' }
    const publicUrl = 'https://public.example.com/incoming'
    const signed = signedRequest({ ...form, url: publicUrl, headers: { 'webhook-signature': undefined } })
    const base = await serve(handleWebhook({ secret: TEST_SECRET, scheme: 'calltracking' }, () => new Response(null, { status: 204 })))
    const behindProxy = await serve(handleWebhook({ secret: TEST_SECRET, scheme: 'calltracking', url: publicUrl }, ({ event }) => Response.json(event)))
    expect((await fetch(`${base}/incoming`, { method: 'POST', headers: signed.headers, body: signed.rawBody })).status).toBe(401)
    const res = await fetch(`${behindProxy}/incoming`, { method: 'POST', headers: signed.headers, body: signed.rawBody })
    expect([res.status, await res.json()]).toEqual([200, { calltracking_event: { idcall: '1' }, event_type: 'call:completed' }])
  })

  it('handleWebhook answers 413 problem+json past `limit` without calling the handler', async () => {
    let called = false
    const base = await serve(handleWebhook({ secret: TEST_SECRET, limit: 64 }, () => {
      called = true
      return new Response(null, { status: 204 })
    }))
    const signed = signedRequest({ url: `${base}/incoming` })
    const res = await fetch(`${base}/incoming`, { method: 'POST', headers: signed.headers, body: signed.rawBody })
    expect([res.status, res.headers.get('content-type'), ((await res.json()) as { code: string }).code, called]).toEqual([413, 'application/problem+json', 'payload_too_large', false])
  })

  it('throws at setup without a secret', () => {
    expect(() => verifyWebhook({} as never)).toThrow(/needs the endpoint secret/)
  })
})
