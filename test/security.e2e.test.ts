import express from 'express'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks } from '@callhook/core'
import { startTestReceiver } from '@callhook/core/testing'
import { webhooks } from '@callhook/express'
import { api, listen } from './helpers/servers.js'

const cleanup: Array<() => Promise<unknown>> = []
afterAll(async () => {
  for (const close of cleanup.reverse()) await close()
})

describe('REST hardening over real HTTP', () => {
  it('never shows a secret in lists, reads, delivery logs or logs, only on create, reveal and rotate', async () => {
    const logged: string[] = []
    const capture = (...args: unknown[]) => logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : JSON.stringify(a))).join(' '))
    const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture))
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn: capture, error: capture }, retry: { delaysSeconds: [0.01] } })
    const receiver = await startTestReceiver({ status: 500, body: 'nope' })
    const app = express()
    app.use(webhooks({ hooks }))
    const server = await listen(app)
    cleanup.push(() => receiver.close(), server.close, () => hooks.close())
    const base = `${server.url}/webhooks`

    const created = await api(base, 'POST', '/endpoints', { url: receiver.url })
    const rotated = await api(base, 'POST', `/endpoints/${created.json.id}/secret/rotate`, {})
    const secrets = [created.json.secret as string, rotated.json.secret as string]
    const { json: emitted } = await api(base, 'POST', '/events', { type: 'call:completed', data: { id: 'c1' } })
    await receiver.waitFor(2)
    await api(base, 'POST', `/endpoints/${created.json.id}/test`, {})
    await api(base, 'POST', '/endpoints', { url: 'bad', secret: 'short' })

    const seen = [
      (await api(base, 'GET', '/endpoints')).json,
      (await api(base, 'GET', `/endpoints/${created.json.id}`)).json,
      (await api(base, 'GET', `/endpoints/${created.json.id}/deliveries`)).json,
      (await api(base, 'GET', `/events/${emitted.eventId}`)).json,
    ]
    const delivery = seen[3].deliveries[0]
    seen.push((await api(base, 'GET', `/deliveries/${delivery.id}`)).json)
    for (const m of consoleSpies) m.mockRestore()
    const everything = JSON.stringify(seen) + logged.join('\n')
    for (const secret of secrets) {
      expect(everything).not.toContain(secret)
      expect(everything).not.toContain(secret.slice('whsec_'.length))
    }
    expect((await api(base, 'GET', `/endpoints/${created.json.id}/secret`)).json.secret).toBe(secrets[1])
  })

  it('refuses prototype-pollution payloads and absurd nesting with 400, before anything is written', async () => {
    const hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} } })
    const app = express()
    app.use(webhooks({ hooks }))
    const server = await listen(app)
    cleanup.push(server.close, () => hooks.close())
    const post = (body: string) => fetch(`${server.url}/webhooks/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    for (const body of [
      '{"type":"call:completed","data":{"id":"c1","__proto__":{"isAdmin":true}}}',
      '{"type":"call:completed","data":{"id":"c1","constructor":{"prototype":{"isAdmin":true}}}}',
      `{"type":"call:completed","data":{"id":"c1","deep":${'['.repeat(40)}${']'.repeat(40)}}}`,
    ]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { code: string }).code).toBe('invalid_json')
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined()
    expect((await hooks.store.listDeliveries({ limit: 10 })).length).toBe(0)
  })

  it('refuses private destinations at create, and a hostname that resolves privately at send time; allowedNetworks opens only what it lists', async () => {
    const receiver = await startTestReceiver()
    const strict = createWebhooks({ logger: { warn() {}, error() {} }, retry: { delaysSeconds: [] } })
    const listed = createWebhooks({ logger: { warn() {}, error() {} }, allowedNetworks: ['127.0.0.0/8'] })
    cleanup.push(() => receiver.close(), () => strict.close(), () => listed.close())
    for (const url of ['http://127.0.0.1:9/x', 'http://2130706433/x', 'http://0x7f.1/x', 'http://[::1]/x', 'http://169.254.169.254/latest/meta-data', 'http://[::ffff:10.0.0.1]/x', 'http://0.0.0.0/x', 'http://100.64.0.1/x', 'http://192.168.1.1/x']) {
      await expect(strict.endpoints.create({ url }), url).rejects.toMatchObject({ errors: [{ field: 'url' }] })
    }
    const viaName = await strict.endpoints.create({ url: receiver.url.replace('127.0.0.1', 'localhost') })
    expect((await strict.endpoints.test(viaName.id)).error).toMatch(/resolves to (127\.0\.0\.1|::1), a private or reserved address/)
    expect(receiver.requests).toHaveLength(0)
    const allowed = await listed.endpoints.create({ url: receiver.url })
    expect((await listed.endpoints.test(allowed.id)).success).toBe(true)
    await expect(listed.endpoints.create({ url: 'http://10.0.0.1/x' })).rejects.toMatchObject({ errors: [{ field: 'url' }] })
  })
})
