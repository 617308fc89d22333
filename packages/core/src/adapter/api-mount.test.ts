import { afterEach, describe, expect, it } from 'vitest'
import { closeDefaultWebhooks, defaultWebhooks } from '../default-instance.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import { createApiMount } from './api-mount.js'

const quiet = { warn() {}, error() {} }
const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})
function newHooks(): Webhooks {
  const hooks = createWebhooks({ logger: quiet })
  cleanup.push(() => hooks.close())
  return hooks
}
const json = { 'content-type': 'application/json' }

describe('createApiMount', () => {
  it('matches paths under the normalised mount only', () => {
    const api = createApiMount({ hooks: newHooks(), path: 'api//hooks/' })
    expect(api.path).toBe('/api/hooks')
    expect([api.match('/api/hooks'), api.match('/api/hooks/endpoints?limit=1'), api.match('/api/hooksx'), api.match('/other')]).toEqual(['/', '/endpoints', null, null])
    expect(createApiMount({ hooks: newHooks() }).match('/webhooks/events/x')).toBe('/events/x')
  })

  it('answers through the instance given, scoped to tenant(req); no tenant found answers 401', async () => {
    const hooks = newHooks()
    const api = createApiMount<{ account?: string }>({ hooks, tenant: async (req) => req.account })
    expect(api.hooks).toBe(hooks)
    const created = await api.handle({ account: 'acc_a' }, { method: 'POST', path: '/endpoints', headers: json, body: JSON.stringify({ url: 'https://crm.example.com/a' }) })
    expect(created.status).toBe(201)
    expect((await hooks.endpoints.list({}, { accountId: 'acc_a' })).data).toHaveLength(1)
    expect((await api.handle({ account: 'acc_b' }, { method: 'GET', path: `/endpoints/${JSON.parse(created.body!).id}`, headers: {} })).status).toBe(404)
    expect((await api.handle({}, { method: 'GET', path: '/endpoints', headers: {} })).status).toBe(401)
  })

  it('serves the default instance without `hooks`, configured by the core options given', async () => {
    cleanup.push(() => closeDefaultWebhooks())
    const api = createApiMount({ logger: quiet, bodyLimitBytes: 10 })
    expect(api.hooks).toBe(defaultWebhooks())
    const tooLarge = await api.handle({}, { method: 'POST', path: '/endpoints', headers: json, body: JSON.stringify({ url: 'https://crm.example.com/a' }) })
    expect(tooLarge.status).toBe(413)
  })

  it('refuses a `path` or `tenant` of the wrong type at setup', () => {
    const hooks = newHooks()
    expect(() => createApiMount({ hooks, path: 42 as never })).toThrow(/`path` option must be a string/)
    expect(() => createApiMount({ hooks, tenant: 'acc_a' as never })).toThrow(/`tenant` option must be a function/)
  })
})
