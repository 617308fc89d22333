import { createHmac } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createVerifier, createWebhooks, type Webhooks } from '@callhook/core'
import { endpointRecord, startTestReceiver, type ReceivedRequest, type TestReceiver } from '@callhook/core/testing'

/** Seed 000's PHP algorithm, written again here (ksort top level; nested arrays in order). */
function magnetisSignature(url: string, body: string, key: string): string {
  const post: Record<string, string | Array<[string, string]>> = {}
  for (const [name, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)\[([^\]]*)\]$/.exec(name)
    if (m) ((post[m[1]!] ??= []) as Array<[string, string]>).push([m[2]!, value])
    else post[name] = value
  }
  let data = url
  for (const key of Object.keys(post).sort()) {
    const value = post[key]!
    data += typeof value === 'string' ? key + value : value.map(([k, v]) => k + v).join('')
  }
  return createHmac('sha1', key).update(data).digest('base64')
}

let hooks: Webhooks
let r: TestReceiver
beforeAll(async () => {
  hooks = createWebhooks({ allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds: [] } })
  r = await startTestReceiver()
})
afterAll(async () => {
  await hooks.close()
  await r.close()
})

const call = {
  id: 'call_313', accountName: 'Calltracking Agence', trackingNumber: '+33988776655', callerNumber: '+33655443322', direction: 'inbound', status: 'ANSWER',
  startedAt: '2019-09-01T10:00:00Z', durationSec: 120, talkTimeSec: 100, channel: 'Site Internet', source: 'google / cpc', googleClientId: 'GA1.2.1669789410.1567091110',
  tags: ['vip'], saleValue: 250, agent: { id: 'agt_7', name: 'Camille "Cam" Martin' },
}

/** Creates the endpoint, emits one event, returns exactly what the receiver got on `path`. */
async function deliver(path: string, endpoint: Record<string, unknown>, type = 'call:completed', data: Record<string, unknown> = call): Promise<{ request: ReceivedRequest; secret: string }> {
  const ep = await hooks.endpoints.create({ url: `${r.url}${path}`, events: [type], ...endpoint })
  const before = r.requests.length
  const { deliveries } = await hooks.emit(type, data)
  expect(deliveries).toBe(1)
  await r.waitFor(before + 1)
  await hooks.endpoints.delete(ep.id)
  return { request: r.requests[before]!, secret: ep.secret }
}

const verifyStandard = (request: ReceivedRequest, secret: string) =>
  createVerifier({ secret, scheme: 'standard' })({ headers: request.headers, rawBody: request.body })
const verifyCalltracking = (request: ReceivedRequest, secret: string) =>
  createVerifier({ secret, scheme: 'calltracking' })({ headers: request.headers, rawBody: request.body, url: `${r.url}${request.url}` })

describe('what a receiver gets, per format and preset', () => {
  it('json, with {{token}} placeholders filled in the URL', async () => {
    const { request, secret } = await deliver('/json?activity_id={{data.id}}&caller={{data.callerNumber}}', {})
    expect([request.method, request.url, request.headers['content-type']]).toEqual(['POST', '/json?activity_id=call_313&caller=%2B33655443322', 'application/json'])
    expect(JSON.parse(request.text)).toMatchObject({ type: 'call:completed', data: { id: 'call_313' } })
    expect(verifyStandard(request, secret).scheme).toBe('standard')
    expect(verifyCalltracking(request, secret).scheme).toBe('calltracking')
  })

  it('template: the Mustache body with its own content type, values escaped for JSON', async () => {
    const template = { body: '{"call":"{{data.id}}","agent":"{{data.agent.name}}","event":"{{type}}"}', contentType: 'application/json' }
    const { request, secret } = await deliver('/template', { format: 'template', template })
    expect([request.method, request.headers['content-type']]).toEqual(['POST', 'application/json'])
    expect(JSON.parse(request.text)).toEqual({ call: 'call_313', agent: 'Camille "Cam" Martin', event: 'call:completed' })
    expect(verifyStandard(request, secret).event).toEqual({ call: 'call_313', agent: 'Camille "Cam" Martin', event: 'call:completed' })
  })

  it('resource: {"resource_url": …} with the URL template rendered', async () => {
    const { request, secret } = await deliver('/resource', { format: 'resource', resourceUrl: 'https://api.example.com/calls/{{data.id}}.json' })
    expect([request.method, request.headers['content-type'], request.text]).toEqual(['POST', 'application/json', '{"resource_url":"https://api.example.com/calls/call_313.json"}'])
    expect(verifyStandard(request, secret).scheme).toBe('standard')
  })

  it('pixel: a GET to the URL with :callid, :duration, :direction, :source, :sale_value replaced, no body', async () => {
    const { request, secret } = await deliver('/px.gif?id=:callid&d=:duration&dir=:direction&src=:source&v=:sale_value', { format: 'pixel' })
    expect([request.method, request.url, request.text, request.headers['content-type']]).toEqual(['GET', '/px.gif?id=call_313&d=120&dir=inbound&src=google%20%2F%20cpc&v=250', '', undefined])
    expect(verifyCalltracking(request, secret).scheme).toBe('calltracking')
  })

  it('pixel by POST: still no body', async () => {
    const { request } = await deliver('/px?id=:callid', { format: 'pixel', method: 'POST' })
    expect([request.method, request.url, request.text]).toEqual(['POST', '/px?id=call_313', ''])
  })

  it('custom headers and basic auth', async () => {
    const { request } = await deliver('/auth', { headers: { 'X-Api-Key': 'k_123' }, auth: { type: 'basic', username: 'crm', password: 's3cret' } })
    expect(request.headers['x-api-key']).toBe('k_123')
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('crm:s3cret').toString('base64')}`)
  })

  it("preset magnetis: seed 000's form, signed so the vendor's PHP algorithm (with an existing key) accepts it", async () => {
    const { request } = await deliver('/magnetis.php', { preset: 'magnetis', secret: 'qChJkeBjdeTESTKEYTlBL' })
    expect([request.method, request.headers['content-type']]).toEqual(['POST', 'application/x-www-form-urlencoded'])
    expect([...new URLSearchParams(request.text)]).toEqual([
      ['calltracking_event[idcall]', 'call_313'], ['calltracking_event[accountname]', 'Calltracking Agence'], ['calltracking_event[date]', '2019-09-01 10:00:00'],
      ['calltracking_event[trackednumber]', '0033988776655'], ['calltracking_event[channelname]', 'Site Internet'], ['calltracking_event[callingNumber]', '0033655443322'],
      ['calltracking_event[duration]', '120'], ['calltracking_event[cid]', 'GA1.2.1669789410.1567091110'],
    ])
    expect(request.headers['x-calltracking-signature']).toBe(magnetisSignature(`${r.url}/magnetis.php`, request.text, 'qChJkeBjdeTESTKEYTlBL'))
  })

  it("preset roistat: seed 002's flat JSON, before and after the call", async () => {
    const ringing = await deliver('/roistat', { preset: 'roistat' }, 'call:ringing', { ...call, status: null })
    const completed = await deliver('/roistat', { preset: 'roistat' })
    expect(JSON.parse(ringing.request.text)).toMatchObject({ id: 'call_313', caller: '33655443322', callee: '33988776655', date: '2019-09-01 10:00:00', google_client_id: 'GA1.2.1669789410.1567091110' })
    expect(JSON.parse(ringing.request.text)).not.toHaveProperty('status')
    expect(JSON.parse(completed.request.text)).toMatchObject({ id: 'call_313', status: 'ANSWER', duration: 120, link: '' })
    expect(verifyStandard(completed.request, completed.secret).scheme).toBe('standard')
  })

  it("preset ctm: CallTrackingMetrics' log-data JSON", async () => {
    const { request, secret } = await deliver('/ctm', { preset: 'ctm' })
    expect(JSON.parse(request.text)).toMatchObject({ id: 'call_313', caller_number: '+33655443322', tracking_number: '+33988776655', call_status: 'answered', duration: 120, talk_time: 100, ring_time: 20, tag_list: ['vip'], agent: { name: 'Camille "Cam" Martin' } })
    expect(verifyStandard(request, secret).scheme).toBe('standard')
  })
})

describe('filters, with matching and non-matching calls', () => {
  it('delivers only the calls that pass every filter', async () => {
    const ep = await hooks.endpoints.create({
      url: `${r.url}/filtered`, events: ['call:completed'],
      filters: { trackingNumbers: ['0033988776655'], minDurationSec: 60, statuses: ['ANSWER'], tags: ['vip'], users: ['agt_7'] },
    })
    const emitCount = async (overrides: Record<string, unknown>) => (await hooks.emit('call:completed', { ...call, ...overrides })).deliveries
    expect(await emitCount({})).toBe(1)
    expect(await emitCount({ durationSec: 10 })).toBe(0)
    expect(await emitCount({ trackingNumber: '+33100000000' })).toBe(0)
    expect(await emitCount({ status: 'NOANSWER' })).toBe(0)
    expect(await emitCount({ tags: [] })).toBe(0)
    expect(await emitCount({ agent: 'someone else' })).toBe(0)
    await vi.waitFor(() => expect(r.requests.filter((q) => q.url === '/filtered')).toHaveLength(1))
    await hooks.endpoints.delete(ep.id)
  })
})

describe('failures that belong to one delivery', () => {
  it('a template that cannot be rendered at delivery time fails that delivery with a clear error, and nothing else', async () => {
    const broken = endpointRecord({ url: `${r.url}/broken`, events: ['call:missed'], format: 'template', template: { body: '{{#data}}never closed', contentType: 'text/plain' } })
    await hooks.store.insertEndpoint(broken) // as an older version might have stored it
    const healthy = await hooks.endpoints.create({ url: `${r.url}/healthy`, events: ['call:missed'] })
    const { eventId } = await hooks.emit('call:missed', { id: 'call_x' })
    const settled = await vi.waitFor(async () => {
      const event = await hooks.events.get(eventId)
      expect(event.deliveries.every((d) => d.status !== 'pending')).toBe(true)
      return event
    })
    const failed = settled.deliveries.find((d) => d.endpointId === broken.id)!
    expect(failed.status).toBe('failed')
    expect((await hooks.deliveries.get(failed.id)).attempts[0]!.error).toMatch(/^Could not render the request: Unclosed section "data"/)
    expect(settled.deliveries.find((d) => d.endpointId === healthy.id)!.status).toBe('succeeded')
    expect(r.requests.some((q) => q.url === '/broken')).toBe(false)
  })

  it('the test route sends a realistic sample of the chosen event type', async () => {
    const ep = await hooks.endpoints.create({ url: `${r.url}/sample`, events: ['*'] })
    const result = await hooks.endpoints.test(ep.id, { type: 'sms:received' })
    expect(result.success).toBe(true)
    const request = r.requests.find((q) => q.url === '/sample')!
    expect(JSON.parse(request.text)).toMatchObject({ type: 'sms:received', data: { id: expect.stringMatching(/^sms_/), from: expect.any(String), body: expect.any(String) } })
  })
})
