import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, type Webhooks } from '../index.js'
import type { AdapterHarness, Running } from './adapter-harness.js'
import { startTestReceiver, type TestReceiver } from './receiver.js'

/** One request of the conversation, and the answer the suite got. */
export interface RestContractStep {
  name: string
  method: string
  /** The path asked for, under the mount, without its query. */
  path: string
  status: number
  contentType: string | null
  allow: string | null
  /** The JSON body's structure: keys and value types. */
  shape: unknown
  /** For problem responses: the code and the fields named. */
  problem?: { code: string; fields: string[] }
  json: any
}

/** Keys and value types, recursively: what must match across frameworks when values (ids, times, ports) differ. */
function shape(value: unknown): unknown {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.map(shape)
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, shape((value as Record<string, unknown>)[k])]))
  return typeof value
}

const quiet = { warn() {}, error() {} }

/** The same REST conversation, step by step, against one adapter. */
async function converse(harness: AdapterHarness, cleanup: Array<() => Promise<void>>): Promise<RestContractStep[]> {
  const receiver: TestReceiver = await startTestReceiver()
  const hooks: Webhooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, bodyLimitBytes: 4096, retry: { delaysSeconds: [] } })
  const tenantHooks: Webhooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet })
  const api: Running = await harness.startApi(hooks)
  const tenantApi: Running = await harness.startApi(tenantHooks, { tenantHeader: true })
  cleanup.push(() => receiver.close(), () => hooks.close(), () => tenantHooks.close(), () => api.close(), () => tenantApi.close())

  const steps: RestContractStep[] = []
  async function step(name: string, method: string, path: string, body?: unknown, options: { raw?: string; contentType?: string; base?: Running; headers?: Record<string, string> } = {}) {
    const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body))
    const res = await fetch(`${(options.base ?? api).url}/webhooks${path}`, {
      method,
      headers: { ...(payload !== undefined ? { 'content-type': options.contentType ?? 'application/json' } : {}), ...options.headers },
      body: payload,
    })
    const text = await res.text()
    const json = text ? JSON.parse(text) : undefined
    const s: RestContractStep = {
      name, method, path: path.split('?')[0]!, status: res.status, contentType: res.headers.get('content-type'), allow: res.headers.get('allow'), shape: shape(json), json,
      ...(json?.code ? { problem: { code: json.code, fields: (json.errors ?? []).map((e: { field: string }) => e.field).sort() } } : {}),
    }
    steps.push(s)
    return s
  }

  await step('openapi document', 'GET', '/openapi.json')
  await step('event types', 'GET', '/event-types')
  const ep = (await step('create', 'POST', '/endpoints', { url: `${receiver.url}/hook`, title: 'CRM', events: ['call:completed', 'call:missed'] })).json
  await step('list', 'GET', '/endpoints?limit=10')
  await step('list, bad limit', 'GET', '/endpoints?limit=0')
  await step('list, bad cursor', 'GET', '/endpoints?cursor=zzz')
  await step('get', 'GET', `/endpoints/${ep.id}`)
  await step('get, trailing slash', 'GET', `/endpoints/${ep.id}/`)
  await step('create, invalid fields', 'POST', '/endpoints', { url: 'ftp://x', events: ['nope:nope'], retry: { delaysSeconds: 'soon' }, extra: true })
  await step('create, no body', 'POST', '/endpoints')
  await step('create, bad JSON', 'POST', '/endpoints', undefined, { raw: '{"url":' })
  await step('create, not JSON', 'POST', '/endpoints', undefined, { raw: 'url=x', contentType: 'application/x-www-form-urlencoded' })
  await step('create, too large', 'POST', '/endpoints', { url: 'https://a.example.com', description: 'x'.repeat(10_000) })
  await step('update', 'PATCH', `/endpoints/${ep.id}`, { description: 'Our CRM', timeoutMs: 5000 })
  await step('update, unknown field', 'PATCH', `/endpoints/${ep.id}`, { secret: 'whsec_nope' })
  await step('reveal secret', 'GET', `/endpoints/${ep.id}/secret`)
  await step('rotate secret', 'POST', `/endpoints/${ep.id}/secret/rotate`, { graceSeconds: 60 })
  await step('rotate, bad grace', 'POST', `/endpoints/${ep.id}/secret/rotate`, { graceSeconds: 'long' })
  await step('rotate, cross-site', 'POST', `/endpoints/${ep.id}/secret/rotate`, undefined, { headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } })
  await step('test send', 'POST', `/endpoints/${ep.id}/test`, { type: 'call:missed' })
  await step('test send, unknown type', 'POST', `/endpoints/${ep.id}/test`, { type: 'call:nope' })
  const emitted = (await step('emit', 'POST', '/events', { type: 'call:completed', data: { id: 'call_1', durationSec: 61, status: 'ANSWER' } })).json
  await step('emit, invalid data', 'POST', '/events', { type: 'call:completed', data: { id: 7, status: 'MAYBE' } })
  await vi.waitFor(async () => expect((await hooks.events.get(emitted.eventId)).deliveries[0]?.status).toBe('succeeded'), { timeout: 5000, interval: 20 })
  const event = (await step('event', 'GET', `/events/${emitted.eventId}`)).json
  await step('event, unknown', 'GET', '/events/msg_00000000000000000000000000')
  await step('delivery log', 'GET', `/endpoints/${ep.id}/deliveries?status=succeeded&from=2020-01-01T00:00:00Z&limit=5`)
  await step('delivery log, bad query', 'GET', `/endpoints/${ep.id}/deliveries?status=lost&to=tomorrow`)
  await step('stats', 'GET', `/endpoints/${ep.id}/stats?bucket=day&from=2020-01-01T00:00:00Z&to=2020-01-03T00:00:00Z`)
  await step('stats, bad bucket', 'GET', `/endpoints/${ep.id}/stats?bucket=week`)
  await step('delivery', 'GET', `/deliveries/${event.deliveries[0].id}`)
  await step('delivery, unknown', 'GET', '/deliveries/dlv_00000000000000000000000000')
  await step('redeliver', 'POST', `/deliveries/${event.deliveries[0].id}/redeliver`)
  await step('replay', 'POST', `/endpoints/${ep.id}/replay`, { since: '2020-01-01T00:00:00Z' })
  await step('replay, no since', 'POST', `/endpoints/${ep.id}/replay`, {})
  await step('unknown route', 'GET', '/nothing/here')
  await step('wrong method', 'PUT', `/endpoints/${ep.id}`, { title: 'x' })
  await vi.waitFor(async () => expect((await hooks.deliveries.get(event.deliveries[0].id)).status).toBe('succeeded'), { timeout: 5000, interval: 20 })
  await step('delete', 'DELETE', `/endpoints/${ep.id}`)
  await step('get, deleted', 'GET', `/endpoints/${ep.id}`)

  const asA = { base: tenantApi, headers: { 'x-tenant': 'acc_a' } }
  const asB = { base: tenantApi, headers: { 'x-tenant': 'acc_b' } }
  await step('tenancy: no tenant', 'GET', '/endpoints', undefined, { base: tenantApi })
  const own = (await step('tenancy: A creates', 'POST', '/endpoints', { url: `${receiver.url}/a` }, asA)).json
  await step('tenancy: A reads', 'GET', `/endpoints/${own.id}`, undefined, asA)
  await step('account: A reads', 'GET', '/account', undefined, asA)
  await step('account: A switches off', 'PATCH', '/account', { webhooksEnabled: false }, asA)
  await step('account: bad value', 'PATCH', '/account', { webhooksEnabled: 'no' }, asA)
  await step('account: test send while off', 'POST', `/endpoints/${own.id}/test`, {}, asA)
  await step('account: B reads', 'GET', '/account', undefined, asB)
  await step('account: A switches on', 'PATCH', '/account', { webhooksEnabled: true }, asA)
  await step("tenancy: B reads A's", 'GET', `/endpoints/${own.id}`, undefined, asB)
  await step("tenancy: B deletes A's", 'DELETE', `/endpoints/${own.id}`, undefined, asB)
  await step('tenancy: B lists', 'GET', '/endpoints', undefined, asB)
  return steps
}

const expected: Array<[name: string, status: number, problem?: { code: string; fields: string[] }]> = [
  ['openapi document', 200], ['event types', 200], ['create', 201], ['list', 200],
  ['list, bad limit', 400, { code: 'validation_failed', fields: ['limit'] }],
  ['list, bad cursor', 400, { code: 'validation_failed', fields: ['cursor'] }],
  ['get', 200], ['get, trailing slash', 200],
  ['create, invalid fields', 400, { code: 'validation_failed', fields: ['events[0]', 'extra', 'retry.delaysSeconds', 'url'] }],
  ['create, no body', 400, { code: 'validation_failed', fields: ['url'] }],
  ['create, bad JSON', 400, { code: 'invalid_json', fields: [] }],
  ['create, not JSON', 415, { code: 'unsupported_media_type', fields: [] }],
  ['create, too large', 413, { code: 'payload_too_large', fields: [] }],
  ['update', 200], ['update, unknown field', 400, { code: 'validation_failed', fields: ['secret'] }],
  ['reveal secret', 200], ['rotate secret', 200], ['rotate, bad grace', 400, { code: 'validation_failed', fields: ['graceSeconds'] }],
  ['rotate, cross-site', 403, { code: 'cross_origin_request', fields: [] }],
  ['test send', 200], ['test send, unknown type', 400, { code: 'unknown_event_type', fields: ['type'] }],
  ['emit', 202], ['emit, invalid data', 400, { code: 'validation_failed', fields: ['data.id', 'data.status'] }],
  ['event', 200], ['event, unknown', 404, { code: 'not_found', fields: [] }],
  ['delivery log', 200], ['delivery log, bad query', 400, { code: 'validation_failed', fields: ['status', 'to'] }],
  ['stats', 200], ['stats, bad bucket', 400, { code: 'validation_failed', fields: ['bucket'] }],
  ['delivery', 200], ['delivery, unknown', 404, { code: 'not_found', fields: [] }],
  ['redeliver', 202], ['replay', 202], ['replay, no since', 400, { code: 'validation_failed', fields: ['since'] }],
  ['unknown route', 404, { code: 'not_found', fields: [] }], ['wrong method', 405, { code: 'method_not_allowed', fields: [] }],
  ['delete', 204], ['get, deleted', 404, { code: 'not_found', fields: [] }],
  ['tenancy: no tenant', 401, { code: 'unauthenticated', fields: [] }], ['tenancy: A creates', 201], ['tenancy: A reads', 200],
  ['account: A reads', 200], ['account: A switches off', 200], ['account: bad value', 400, { code: 'validation_failed', fields: ['webhooksEnabled'] }],
  ['account: test send while off', 409, { code: 'conflict', fields: [] }], ['account: B reads', 200], ['account: A switches on', 200],
  ["tenancy: B reads A's", 404, { code: 'not_found', fields: [] }], ["tenancy: B deletes A's", 404, { code: 'not_found', fields: [] }], ['tenancy: B lists', 200],
]

export interface RestContractOptions {
  /**
   * More checks of each adapter's whole conversation, by test title (e.g. `'answers as its OpenAPI
   * document says'`); each returns one line per mismatch, and passes when it returns none.
   * @default {}
   */
  checks?: Record<string, (steps: RestContractStep[]) => string[] | Promise<string[]>>
}

/**
 * The REST API every adapter must serve, over real HTTP: the same conversation (OpenAPI document,
 * CRUD, validation, bad bodies, cross-site, test send, emit, delivery log, stats, replay, tenancy,
 * the account switch)
 * through each harness; each step with the specified status, content type and problem code, and
 * every adapter answering with the shapes the first one gives.
 * Run it from a test file: `describeRestContract([expressHarness, myHarness])`.
 */
export function describeRestContract(harnesses: AdapterHarness[], options: RestContractOptions = {}): void {
  if (!Array.isArray(harnesses) || harnesses.length === 0) throw new TypeError('describeRestContract needs at least one AdapterHarness')
  const cleanup: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const close of cleanup.reverse()) await close()
  })

  describe(`REST API contract: ${harnesses.map((h) => h.name).join(', ')}`, () => {
    const runs = new Map<string, RestContractStep[]>()
    beforeAll(async () => {
      for (const harness of harnesses) runs.set(harness.name, await converse(harness, cleanup))
    }, 60_000)

    it.each(harnesses)('$name answers every step with the specified status, content type and problem', ({ name }) => {
      const steps = runs.get(name)!
      expect(steps.map((s) => [s.name, s.status, s.problem])).toEqual(expected.map(([n, status, problem]) => [n, status, problem]))
      for (const s of steps) {
        if (s.status === 204) expect(s.json).toBeUndefined()
        else if (s.status >= 400) expect(s.contentType).toBe('application/problem+json')
        else expect(s.contentType).toBe('application/json; charset=utf-8')
      }
      expect(steps.find((s) => s.name === 'wrong method')!.allow).toBe('GET, PATCH, DELETE')
      expect(steps.find((s) => s.name === 'create')!.json.secret).toMatch(/^whsec_/)
      expect(steps.find((s) => s.name === 'get')!.json.secret).toBeUndefined()
      expect(steps.find((s) => s.name === 'test send')!.json).toMatchObject({ success: true, status: 200, body: 'ok' })
      expect(steps.find((s) => s.name === 'delivery')!.json.attempts).toHaveLength(1)
      expect(steps.find((s) => s.name === 'stats')!.json.buckets).toEqual([
        { start: '2020-01-01T00:00:00.000Z', succeeded: 0, failed: 0, p50Ms: null, p95Ms: null },
        { start: '2020-01-02T00:00:00.000Z', succeeded: 0, failed: 0, p50Ms: null, p95Ms: null },
      ])
      expect(steps.find((s) => s.name === 'tenancy: B lists')!.json.data).toEqual([])
      expect(steps.find((s) => s.name === 'account: A switches off')!.json).toMatchObject({ accountId: 'acc_a', webhooksEnabled: false })
      expect(steps.find((s) => s.name === 'account: B reads')!.json).toEqual({ accountId: 'acc_b', webhooksEnabled: true, updatedAt: null })
    })

    for (const [title, check] of Object.entries(options.checks ?? {})) {
      it.each(harnesses)(`$name ${title}`, async ({ name }) => {
        expect(await check(runs.get(name)!)).toEqual([])
      })
    }

    const [first, ...others] = harnesses
    if (others.length > 0) it.each(others)(`$name gives the status codes, content types and JSON shapes ${first!.name} gives`, ({ name }) => {
      const view = (of: string) => runs.get(of)!.map(({ name: step, status, contentType, allow, shape: s, problem }) => ({ step, status, contentType, allow, shape: s, problem }))
      expect(view(name)).toEqual(view(first!.name))
    })
  })
}
