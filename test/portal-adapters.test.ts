import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import express from 'express'
import { webhooks } from '@callhook/express'
import { harnesses, type Running } from './helpers/adapters.js'
import { listen } from './helpers/servers.js'

const quiet = { warn() {}, error() {} }

describe.each(harnesses)('$name serves the portal', (harness) => {
  let hooks: Webhooks
  let off: Webhooks
  let api: Running
  let tenantApi: Running
  let offApi: Running
  beforeAll(async () => {
    hooks = createWebhooks({ logger: quiet, allowPrivateNetworks: true, portal: { linkSecret: 'a-test-link-secret-of-at-least-32-bytes' } })
    off = createWebhooks({ logger: quiet, portal: false })
    api = await harness.startApi(hooks)
    tenantApi = await harness.startApi(hooks, { tenantHeader: true })
    offApi = await harness.startApi(off)
    await hooks.endpoints.create({ url: 'http://127.0.0.1:9/a' }, { accountId: 'acct_a' })
    await hooks.endpoints.create({ url: 'http://127.0.0.1:9/b' }, { accountId: 'acct_b' })
  })
  afterAll(async () => {
    await Promise.all([api.close(), tenantApi.close(), offApi.close()])
    await Promise.all([hooks.close(), off.close()])
  })

  it('answers GET {path}/portal with the page, its CSP, and URLs relative to the page', async () => {
    const res = await fetch(`${api.url}/webhooks/portal?lang=fr`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'self';/)
    const html = await res.text()
    expect(html).toContain('<callhook-portal api="." lang="fr" routing="hash">')
    expect(html).toMatch(/src="portal\/assets\/callhook-portal-[\w-]+\.js"/)
    const slash = await (await fetch(`${api.url}/webhooks/portal/`, { headers: { 'accept-language': 'ru' } })).text()
    expect(slash).toContain('<callhook-portal api=".." lang="ru" routing="hash">')
    expect(slash).toMatch(/src="assets\/callhook-portal-[\w-]+\.js"/)
  })

  it('answers an asset immutable with an ETag, 304 to If-None-Match, and 404 for an unknown one', async () => {
    const html = await (await fetch(`${api.url}/webhooks/portal`)).text()
    const script = /src="(portal\/assets\/[^"]+)"/.exec(html)![1]!
    const res = await fetch(`${api.url}/webhooks/${script}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await res.text()).length).toBeGreaterThan(1000)
    const again = await fetch(`${api.url}/webhooks/${script}`, { headers: { 'if-none-match': res.headers.get('etag')! } })
    expect(again.status).toBe(304)
    const missing = await fetch(`${api.url}/webhooks/portal/assets/nope.js`)
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { code: string }).code).toBe('not_found')
  })

  it('serves the page without a tenant (it holds no account data) while the API still answers 401', async () => {
    expect((await fetch(`${tenantApi.url}/webhooks/portal`)).status).toBe(200)
    const list = await fetch(`${tenantApi.url}/webhooks/endpoints`)
    expect(list.status).toBe(401)
    expect(((await list.json()) as { code: string }).code).toBe('unauthenticated')
  })

  it('answers the readiness probe GET {path}/health without a tenant (no account data in it)', async () => {
    const health = await fetch(`${tenantApi.url}/webhooks/health`)
    expect([health.status, ((await health.json()) as { status: string }).status]).toEqual([200, 'ok'])
  })

  it('scopes a request bearing a portal link to its account, overriding the tenant', async () => {
    const { token } = hooks.portal.link({ accountId: 'acct_a' })
    const list = await fetch(`${tenantApi.url}/webhooks/endpoints`, { headers: { authorization: `Bearer ${token}`, 'x-tenant': 'acct_b' } })
    expect(list.status).toBe(200)
    expect(((await list.json()) as { data: Array<{ url: string }> }).data.map((e) => e.url)).toEqual(['http://127.0.0.1:9/a'])
  })

  it('refuses writes and the secret to a read-only link (403), and allows them to a manage link', async () => {
    const read = hooks.portal.link({ accountId: 'acct_a' }).token
    const manage = hooks.portal.link({ accountId: 'acct_a', capabilities: 'manage' }).token
    const create = (token: string) => fetch(`${tenantApi.url}/webhooks/endpoints`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/c' }),
    })
    const refused = await create(read)
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { code: string }).code).toBe('read_only_portal_link')
    const created = await create(manage)
    expect(created.status).toBe(201)
    const endpoint = (await created.json()) as { id: string }
    await expect(hooks.endpoints.get(endpoint.id, { accountId: 'acct_a' })).resolves.toMatchObject({ url: 'http://127.0.0.1:9/c' })
    const secret = (token: string) => fetch(`${tenantApi.url}/webhooks/endpoints/${endpoint.id}/secret`, { headers: { authorization: `Bearer ${token}` } })
    expect((await secret(read)).status).toBe(403)
    expect((await secret(manage)).status).toBe(200)
  })

  it('refuses a tampered link with 401 invalid_portal_link, on the API and on the page', async () => {
    const { token, url } = hooks.portal.link({ accountId: 'acct_a', capabilities: 'manage' })
    const tampered = token.replace(/\.([^.]+)\./, (_m, payload: string) => `.${Buffer.from(Buffer.from(payload, 'base64url').toString().replace('acct_a', 'acct_b')).toString('base64url')}.`)
    const res = await fetch(`${tenantApi.url}/webhooks/endpoints`, { headers: { authorization: `Bearer ${tampered}` } })
    expect(res.status).toBe(401)
    expect(((await res.json()) as { code: string }).code).toBe('invalid_portal_link')
    expect((await fetch(`${tenantApi.url}/webhooks/portal?token=${tampered}`)).status).toBe(401)
    const page = await fetch(`${tenantApi.url}${url}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('referrer-policy')).toBe('no-referrer')
    expect(await page.text()).toContain(`token="${token}">`)
  })

  it('answers 404 on both routes when the portal option is false', async () => {
    const page = await fetch(`${offApi.url}/webhooks/portal`)
    expect(page.status).toBe(404)
    expect(((await page.json()) as { code: string }).code).toBe('not_found')
    expect((await fetch(`${offApi.url}/webhooks/portal/assets/x.js`)).status).toBe(404)
  })
})

describe('the portal under a host prefix', () => {
  it("works where the host mounts the API (Express app.use('/api', …)): its URLs are relative to the page", async () => {
    const hooks = createWebhooks({ logger: quiet })
    const app = express()
    app.use('/api', webhooks({ hooks }))
    const server = await listen(app)
    try {
      const page = new URL('/api/webhooks/portal', server.url)
      const html = await (await fetch(page)).text()
      const script = new URL(/src="([^"]+)"/.exec(html)![1]!, page)
      const api = new URL(`${/api="([^"]+)"/.exec(html)![1]!}/event-types`, page)
      expect(script.pathname).toMatch(/^\/api\/webhooks\/portal\/assets\/callhook-portal-[\w-]+\.js$/)
      expect((await fetch(script)).status).toBe(200)
      expect(api.pathname).toBe('/api/webhooks/event-types')
      expect((await fetch(api)).status).toBe(200)
    } finally {
      await server.close()
      await hooks.close()
    }
  })
})
