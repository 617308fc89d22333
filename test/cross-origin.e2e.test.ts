import { request as httpRequest } from 'node:http'
import { afterAll, describe, expect, it } from 'vitest'
import { createWebhooks, type Webhooks } from '@callhook/core'
import { harnesses, type Running } from './helpers/adapters.js'

const quiet = { error() {}, warn() {}, info() {} } as unknown as Console
const cleanup: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const close of cleanup.reverse()) await close()
})

/** A raw HTTP request, so the test sets Origin and Sec-Fetch-* exactly as a browser would. */
function send(url: string, method: string, headers: Record<string, string>, body = ''): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        resolve({ status: res.statusCode!, json: text ? JSON.parse(text) : null })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** What a page on another site makes the browser send with `<form method=post action=…>` and no fields. */
const crossSiteForm = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document', origin: 'https://evil.example' }

describe.each(harnesses)('REST API cross-site request protection: $name', (harness) => {
  async function start(options: { trustedOrigins?: string[] } = {}): Promise<{ hooks: Webhooks; api: Running; id: string }> {
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, dispatch: false, ...options })
    const api = await harness.startApi(hooks)
    cleanup.push(() => hooks.close(), () => api.close())
    const { id } = await hooks.endpoints.create({ url: 'https://receiver.example.com/hook' })
    return { hooks, api, id }
  }

  it('refuses a bodiless cross-site form POST to secret/rotate with 403 cross_origin_request, and the secret is unchanged', async () => {
    const { hooks, api, id } = await start()
    const before = (await hooks.endpoints.secret(id)).secret
    const res = await send(`${api.url}/webhooks/endpoints/${id}/secret/rotate`, 'POST', crossSiteForm)
    expect([res.status, res.json.code]).toEqual([403, 'cross_origin_request'])
    expect((await hooks.endpoints.secret(id)).secret).toBe(before)
  })

  it('refuses a cross-site DELETE by Origin alone (no Sec-Fetch-Site), and the endpoint remains', async () => {
    const { hooks, api, id } = await start()
    const res = await send(`${api.url}/webhooks/endpoints/${id}`, 'DELETE', { origin: 'https://evil.example' })
    expect([res.status, res.json.code]).toEqual([403, 'cross_origin_request'])
    expect((await hooks.endpoints.get(id)).id).toBe(id)
  })

  it('lets a same-origin browser request, a request without those headers, and a trusted origin rotate the secret', async () => {
    const { api, id } = await start({ trustedOrigins: ['https://admin.example.com'] })
    const rotate = `${api.url}/webhooks/endpoints/${id}/secret/rotate`
    const sameOrigin = await send(rotate, 'POST', { 'sec-fetch-site': 'same-origin', origin: api.url, 'content-type': 'application/json' }, '{}')
    expect(sameOrigin.status).toBe(200)
    const sameHost = await send(rotate, 'POST', { origin: api.url })
    expect(sameHost.status).toBe(200)
    const curl = await send(rotate, 'POST', {})
    expect(curl.status).toBe(200)
    const trusted = await send(rotate, 'POST', { ...crossSiteForm, origin: 'https://admin.example.com' })
    expect(trusted.status).toBe(200)
    expect(new Set([sameOrigin.json.secret, sameHost.json.secret, curl.json.secret, trusted.json.secret]).size).toBe(4)
  })

  it('still answers cross-site reads (GET is not state-changing)', async () => {
    const { api, id } = await start()
    const res = await send(`${api.url}/webhooks/endpoints/${id}`, 'GET', { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })
    expect([res.status, res.json.id]).toEqual([200, id])
  })
})

describe('trustedOrigins option', () => {
  it('names an entry that is not an origin at setup', () => {
    expect(() => createWebhooks({ trustedOrigins: ['https://admin.example.com/path'], logger: quiet })).toThrow(/trustedOrigins: "https:\/\/admin.example.com\/path" is not an origin/)
  })
})
