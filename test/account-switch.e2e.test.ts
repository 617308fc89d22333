import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import pg from 'pg'
import { createWebhooks, type Store, type Webhooks, type WebhooksOptions } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver, type TestReply } from '@callhook/core/testing'
import { PostgresStore } from '@callhook/postgres'
import { SqliteStore } from '@callhook/sqlite'

const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})
const dir = mkdtempSync(join(tmpdir(), 'callhook-account-'))
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `callhook_account_${process.pid}_${Date.now().toString(36)}`
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  const pool = new pg.Pool({ connectionString: url })
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await pool.end()
})

function instance(options: WebhooksOptions = {}): Webhooks {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [], jitter: 0 }, ...options })
  cleanup.push(() => hooks.close())
  return hooks
}
async function receiver(reply: TestReply | ((request: ReceivedRequest, index: number) => TestReply) = {}): Promise<TestReceiver> {
  const r = await startTestReceiver(reply)
  cleanup.push(() => r.close())
  return r
}
const paths = (r: TestReceiver) => r.requests.map((q) => q.url).sort()

describe('the account-wide webhooks switch, with real receivers', () => {
  it("off for one tenant: that tenant's endpoints get no deliveries, other tenants' and the shared ones still do; on again: delivered", async () => {
    const hooks = instance()
    const r = await receiver()
    await hooks.endpoints.create({ url: `${r.url}/a`, events: ['call:completed'] }, { accountId: 'acc_a' })
    await hooks.endpoints.create({ url: `${r.url}/b`, events: ['call:completed'] }, { accountId: 'acc_b' })
    await hooks.endpoints.create({ url: `${r.url}/shared`, events: ['call:completed'] })
    expect(await hooks.account.get({ accountId: 'acc_a' })).toEqual({ accountId: 'acc_a', webhooksEnabled: true, updatedAt: null })

    const off = await hooks.account.update({ webhooksEnabled: false }, { accountId: 'acc_a' })
    expect(off).toMatchObject({ accountId: 'acc_a', webhooksEnabled: false, updatedAt: expect.any(String) })
    expect((await hooks.emit('call:completed', { id: 'c1' }, { accountId: 'acc_a' })).deliveries).toBe(1) // the shared endpoint only
    expect((await hooks.emit('call:completed', { id: 'c2' }, { accountId: 'acc_b' })).deliveries).toBe(2)
    await r.waitFor(3)
    await hooks.account.update({ webhooksEnabled: true }, { accountId: 'acc_a' })
    expect((await hooks.emit('call:completed', { id: 'c3' }, { accountId: 'acc_a' })).deliveries).toBe(2)
    await r.waitFor(5)
    await hooks.close()
    expect(paths(r)).toEqual(['/a', '/b', '/shared', '/shared', '/shared'])
  })

  it('without tenancy the one account (accountId null) governs every endpoint; a test send while off answers 409 and sends nothing', async () => {
    const hooks = instance()
    const r = await receiver()
    const ep = await hooks.endpoints.create({ url: `${r.url}/crm`, events: ['*'] })
    await hooks.account.update({ webhooksEnabled: false })
    expect(await hooks.account.get()).toMatchObject({ accountId: null, webhooksEnabled: false })
    expect((await hooks.emit('call:completed', { id: 'c1' })).deliveries).toBe(0)
    await expect(hooks.endpoints.test(ep.id, {})).rejects.toMatchObject({ code: 'conflict', status: 409 })
    await expect(hooks.account.update({ webhooksEnabled: 'no' })).rejects.toMatchObject({ code: 'validation_failed', errors: [{ field: 'webhooksEnabled', message: expect.any(String) }] })
    await hooks.account.update({ webhooksEnabled: true })
    expect((await hooks.emit('call:completed', { id: 'c2' })).deliveries).toBe(1)
    await r.waitFor(1)
    await hooks.close()
    expect(r.requests).toHaveLength(1)
    expect(JSON.parse(r.requests[0]!.text).data.id).toBe('c2')
  })

  it('a delivery pending when the account goes off fails when due, saying why, without being sent; a replay after switching on delivers it', async () => {
    const hooks = instance({ retry: { delaysSeconds: [60], jitter: 0 } })
    const r = await receiver((_, index) => (index === 0 ? { status: 503 } : {}))
    const ep = await hooks.endpoints.create({ url: `${r.url}/crm`, events: ['call:completed'] }, { accountId: 'acc_a' })
    const { eventId } = await hooks.emit('call:completed', { id: 'c1' }, { accountId: 'acc_a' })
    await r.waitFor(1)
    await vi.waitFor(async () => expect((await hooks.events.get(eventId)).deliveries[0]).toMatchObject({ status: 'pending', attemptCount: 1 }), { timeout: 5000, interval: 10 })
    await hooks.account.update({ webhooksEnabled: false }, { accountId: 'acc_a' })
    const [pending] = (await hooks.events.get(eventId)).deliveries
    await hooks.deliveries.redeliver(pending!.id, { accountId: 'acc_a' }) // due now rather than in 60 s
    await vi.waitFor(async () => expect((await hooks.events.get(eventId)).deliveries[0]).toMatchObject({ status: 'failed', attemptCount: 1, lastError: expect.stringContaining('Webhooks are disabled for this account') }), { timeout: 5000, interval: 20 })
    expect(r.requests).toHaveLength(1)

    await hooks.account.update({ webhooksEnabled: true }, { accountId: 'acc_a' })
    expect(await hooks.endpoints.replay(ep.id, { since: '2020-01-01T00:00:00Z' }, { accountId: 'acc_a' })).toEqual({ requeued: 1 })
    await r.waitFor(2)
    await vi.waitFor(async () => expect((await hooks.events.get(eventId)).deliveries[0]).toMatchObject({ status: 'succeeded', attemptCount: 2 }), { timeout: 5000, interval: 10 })
  })

  it('REST: GET and PATCH /account are scoped to the tenant; a read-only portal link reads it but cannot change it (403)', async () => {
    const hooks = instance()
    const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
      const res = await hooks.handleRequest({ method, path, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined, tenant: headers['x-tenant'] ?? null })
      return { status: res.status, json: res.body ? JSON.parse(String(res.body)) : undefined }
    }
    expect(await call('PATCH', '/account', { 'x-tenant': 'acc_a' }, { webhooksEnabled: false })).toMatchObject({ status: 200, json: { accountId: 'acc_a', webhooksEnabled: false } })
    expect(await call('GET', '/account', { 'x-tenant': 'acc_b' })).toMatchObject({ status: 200, json: { accountId: 'acc_b', webhooksEnabled: true } })
    const read = `Bearer ${hooks.portal.link({ accountId: 'acc_a' }).token}`
    expect(await call('GET', '/account', { authorization: read })).toMatchObject({ status: 200, json: { accountId: 'acc_a', webhooksEnabled: false } })
    expect(await call('PATCH', '/account', { authorization: read }, { webhooksEnabled: true })).toMatchObject({ status: 403, json: { code: 'read_only_portal_link' } })
    const manage = `Bearer ${hooks.portal.link({ accountId: 'acc_a', capabilities: 'manage' }).token}`
    expect(await call('PATCH', '/account', { authorization: manage }, { webhooksEnabled: true })).toMatchObject({ status: 200, json: { webhooksEnabled: true } })
    expect(await call('PATCH', '/account', { 'x-tenant': 'acc_a' }, { webhooksEnabled: true, extra: 1 })).toMatchObject({ status: 400, json: { code: 'validation_failed' } })
  })

  it.each([
    ['sqlite', () => new SqliteStore({ filename: join(dir, 'account.db') })],
    ['postgres', () => new PostgresStore({ connectionString: url, schema, poolSize: 2 })],
  ] as Array<[string, () => Store]>)('%s: the switch survives a restart, and the restarted instance sends nothing for the account', async (_, makeStore) => {
    const r = await receiver()
    const first = instance({ store: makeStore() })
    await first.endpoints.create({ url: `${r.url}/crm`, events: ['call:completed'] }, { accountId: 'acc_a' })
    await first.account.update({ webhooksEnabled: false }, { accountId: 'acc_a' })
    await first.close()
    const second = instance({ store: makeStore() })
    expect(await second.account.get({ accountId: 'acc_a' })).toMatchObject({ webhooksEnabled: false })
    expect((await second.emit('call:completed', { id: 'c1' }, { accountId: 'acc_a' })).deliveries).toBe(0)
    await second.account.update({ webhooksEnabled: true }, { accountId: 'acc_a' })
    expect((await second.emit('call:completed', { id: 'c2' }, { accountId: 'acc_a' })).deliveries).toBe(1)
    await r.waitFor(1)
  })
})
