import { describe, expect, it, vi } from 'vitest'
import { createVerifier, createWebhooks, OPERATIONAL_EVENT_TYPES, type Webhooks, type WebhooksOptions } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver, type TestReply } from '@callhook/core/testing'
import { closeAfterEach } from './helpers/cleanup.js'

const cleanup = closeAfterEach()

async function instance(options: WebhooksOptions = {}): Promise<Webhooks> {
  const hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [], jitter: 0 }, ...options })
  cleanup.push(() => hooks.close())
  return hooks
}
async function receiver(reply: TestReply | ((request: ReceivedRequest, index: number) => TestReply) = {}): Promise<TestReceiver> {
  const r = await startTestReceiver(reply)
  cleanup.push(() => r.close())
  return r
}
const bodies = (r: TestReceiver) => r.requests.map((q) => JSON.parse(q.text) as { id: string; type: string; accountId: string | null; data: Record<string, unknown> })
const types = (r: TestReceiver) => bodies(r).map((b) => b.type)

describe('operational events, delivered to real receivers', () => {
  it('a 410 disables the endpoint: endpoint:disabled and delivery:failed reach the operations endpoint, signed, never a * endpoint; onEndpointDisabled runs once', async () => {
    const onEndpointDisabled = vi.fn()
    const onDeliveryFailed = vi.fn()
    const hooks = await instance({ onEndpointDisabled, onDeliveryFailed })
    const gone = await receiver({ status: 410 })
    const opsReceiver = await receiver()
    const everything = await receiver()
    const ops = await hooks.endpoints.create({ url: `${opsReceiver.url}/ops`, events: [...OPERATIONAL_EVENT_TYPES] })
    await hooks.endpoints.create({ url: `${everything.url}/all`, events: ['*'] })
    const crm = await hooks.endpoints.create({ url: `${gone.url}/crm`, events: ['call:completed'], title: 'Old CRM' })
    const { eventId } = await hooks.emit('call:completed', { id: 'call_1' })
    await opsReceiver.waitFor(2)
    const byType = Object.fromEntries(bodies(opsReceiver).map((b) => [b.type, b]))
    expect(byType['endpoint:disabled']!.data).toEqual({
      endpointId: crm.id, url: `${gone.url}/crm`, title: 'Old CRM', reason: 'The endpoint answered 410 Gone', failingSince: expect.any(String), disabledAt: expect.any(String),
    })
    expect(byType['delivery:failed']!.data).toMatchObject({ endpointId: crm.id, eventId, eventType: 'call:completed', attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410' })
    const verify = createVerifier({ secret: ops.secret, scheme: 'standard' })
    for (const q of opsReceiver.requests) expect(verify({ headers: q.headers, rawBody: q.body }).scheme).toBe('standard')
    expect(onEndpointDisabled).toHaveBeenCalledTimes(1)
    expect(onEndpointDisabled).toHaveBeenCalledWith({ endpoint: expect.objectContaining({ id: crm.id, enabled: false }), reason: 'The endpoint answered 410 Gone', failingSince: expect.any(String) })
    expect(onDeliveryFailed).toHaveBeenCalledTimes(1)
    await everything.waitFor(1)
    await hooks.close() // attempts in flight, and the events they emit, are done
    expect(types(everything)).toEqual(['call:completed'])
    expect(types(opsReceiver).sort()).toEqual(['delivery:failed', 'endpoint:disabled'])
  })

  it('failing for disableAfterFailingDays disables the endpoint with endpoint:disabled naming the failure run; a user disabling it emits nothing', async () => {
    const hooks = await instance({ disableAfterFailingDays: 0 })
    const failing = await receiver({ status: 502 })
    const opsReceiver = await receiver()
    const ops = await hooks.endpoints.create({ url: `${opsReceiver.url}/ops`, events: ['endpoint:disabled'] })
    const crm = await hooks.endpoints.create({ url: `${failing.url}/crm`, events: ['call:updated'] })
    const byUser = await hooks.endpoints.create({ url: `${failing.url}/other`, events: ['sms:sent'] })
    await hooks.endpoints.update(byUser.id, { enabled: false })
    await hooks.emit('call:updated', { id: 'call_9' })
    const [q] = await opsReceiver.waitFor(1)
    const { data } = JSON.parse(q!.text)
    expect(data).toMatchObject({ endpointId: crm.id, reason: `Every delivery failed since ${data.failingSince}` })
    await hooks.close()
    expect(await hooks.store.listDeliveries({ endpointId: ops.id, limit: 10 })).toHaveLength(1) // none queued for the user's disabling
    expect(opsReceiver.requests).toHaveLength(1)
  })

  it("operational events go to the endpoint's own account; another tenant's operations endpoint gets nothing", async () => {
    const hooks = await instance()
    const failing = await receiver({ status: 500 })
    const opsA = await receiver()
    const opsB = await receiver()
    await hooks.endpoints.create({ url: `${opsA.url}/a`, events: ['delivery:failed'] }, { accountId: 'acc_a' })
    await hooks.endpoints.create({ url: `${opsB.url}/b`, events: ['delivery:failed'] }, { accountId: 'acc_b' })
    await hooks.endpoints.create({ url: `${failing.url}/x`, events: ['sms:received'] }, { accountId: 'acc_a' })
    await hooks.emit('sms:received', { id: 'sms_1' }, { accountId: 'acc_a' })
    await opsA.waitFor(1)
    await hooks.close()
    expect(bodies(opsA).map((b) => [b.type, b.accountId])).toEqual([['delivery:failed', 'acc_a']])
    expect(opsB.requests).toEqual([])
  })

  it('a failing operations endpoint does not raise delivery:failed about its own failed deliveries (no loop)', async () => {
    const onDeliveryFailed = vi.fn()
    const hooks = await instance({ onDeliveryFailed })
    const failing = await receiver({ status: 503 })
    const brokenOps = await receiver({ status: 500 })
    const ops = await hooks.endpoints.create({ url: `${brokenOps.url}/ops`, events: ['delivery:failed'] })
    const crm = await hooks.endpoints.create({ url: `${failing.url}/crm`, events: ['call:missed'] })
    await hooks.emit('call:missed', { id: 'call_2' })
    await brokenOps.waitFor(1)
    await vi.waitFor(async () => expect((await hooks.store.countDeliveries(ops.id)).failed).toBe(1), { timeout: 10_000, interval: 20 })
    await hooks.close() // the failed operational attempt, and anything it would emit, are finished
    expect(await hooks.store.countDeliveries(ops.id)).toEqual({ pending: 0, succeeded: 0, failed: 1 })
    expect(brokenOps.requests).toHaveLength(1)
    expect(onDeliveryFailed.mock.calls.map(([info]) => info.endpoint.id)).toEqual([crm.id, ops.id])
  })

  it('recovery: after the circuit breaker opened, the first success emits endpoint:recovered once and calls onEndpointRecovered', async () => {
    const onEndpointRecovered = vi.fn()
    const hooks = await instance({ onEndpointRecovered, retry: { delaysSeconds: [0.02, 0.02, 0.02, 0.02, 0.02], jitter: 0 }, circuitBreaker: { failureThreshold: 2, cooldownSeconds: 0.05 } })
    const flaky = await receiver((_request, index) => (index < 3 ? { status: 503 } : {}))
    const opsReceiver = await receiver()
    await hooks.endpoints.create({ url: `${opsReceiver.url}/ops`, events: ['endpoint:recovered'] })
    const crm = await hooks.endpoints.create({ url: `${flaky.url}/crm`, events: ['call:completed'] })
    await hooks.emit('call:completed', { id: 'call_3' })
    await opsReceiver.waitFor(1, 10_000)
    await hooks.emit('call:completed', { id: 'call_4' }) // a second success: no second recovery
    await flaky.waitFor(5)
    await hooks.close()
    expect(bodies(opsReceiver).map((b) => b.type)).toEqual(['endpoint:recovered'])
    expect(bodies(opsReceiver)[0]!.data).toMatchObject({ endpointId: crm.id, failingSince: expect.any(String), recoveredAt: expect.any(String) })
    expect(onEndpointRecovered).toHaveBeenCalledTimes(1)
    expect(onEndpointRecovered.mock.calls[0]![0]).toMatchObject({ endpoint: { id: crm.id }, failingSince: expect.any(String) })
  })

  it('a secret rotation emits endpoint:secret-rotated without any secret in it', async () => {
    const hooks = await instance()
    const opsReceiver = await receiver()
    await hooks.endpoints.create({ url: `${opsReceiver.url}/ops`, events: ['endpoint:secret-rotated'] })
    const crm = await hooks.endpoints.create({ url: 'https://crm.example.com/hooks', events: ['call:completed'] })
    const { secret, previousSecretExpiresAt } = await hooks.endpoints.rotateSecret(crm.id, { graceSeconds: 3600 })
    const [q] = await opsReceiver.waitFor(1)
    expect(JSON.parse(q!.text)).toMatchObject({ type: 'endpoint:secret-rotated', data: { endpointId: crm.id, previousSecretExpiresAt, rotatedAt: expect.any(String) } })
    expect(q!.text).not.toContain(secret)
    expect(q!.text).not.toContain(crm.secret)
  })

  it('the catalogue lists the operational events with their schemas', async () => {
    const hooks = await instance()
    const described = hooks.eventTypes.describe().filter((t) => (OPERATIONAL_EVENT_TYPES as readonly string[]).includes(t.type))
    expect(described.map((t) => t.type)).toEqual([...OPERATIONAL_EVENT_TYPES])
    expect(described.find((t) => t.type === 'delivery:failed')!.schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['endpointId', 'deliveryId', 'eventId', 'attempts']) })
  })
})
