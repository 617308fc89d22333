import { describe, expect, it } from 'vitest'
import { generateSecret } from '../model/secret.js'
import { createVerifier } from '../signing/verify.js'
import { endpointRecord, eventRecord } from '../testing/records.js'
import { renderRequest } from './render-request.js'

const NOW = Date.parse('2026-05-01T10:00:00Z')
const event = eventRecord({ id: 'msg_1', type: 'call:completed', timestamp: '2026-05-01T09:59:00.000Z', accountId: 'acc_1', data: { id: 'c1', durationSec: 42, tags: ['vip'], agent: null } })

describe('rendering a delivery', () => {
  it('sends the JSON envelope with both signatures', () => {
    const endpoint = endpointRecord({ url: 'https://crm.example.com/hooks' })
    const request = renderRequest(endpoint, event, NOW)
    expect(JSON.parse(request.body!)).toEqual({ id: 'msg_1', type: 'call:completed', timestamp: '2026-05-01T09:59:00.000Z', accountId: 'acc_1', data: event.data })
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW / 1000) })
    const verify = createVerifier({ secret: endpoint.secret }, () => NOW)
    expect(verify({ headers: request.headers, rawBody: request.body!, url: endpoint.url }).scheme).toBe('standard')
    expect(createVerifier({ secret: endpoint.secret, scheme: 'calltracking' })({ headers: request.headers, rawBody: request.body!, url: endpoint.url }).scheme).toBe('calltracking')
  })

  it('sends form bodies in the Magnétis layout, nested values as JSON text', () => {
    const request = renderRequest(endpointRecord({ format: 'form' }), event, NOW)
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect([...new URLSearchParams(request.body!)]).toEqual([
      ['calltracking_event[id]', 'c1'], ['calltracking_event[durationSec]', '42'], ['calltracking_event[tags]', '["vip"]'], ['calltracking_event[agent]', ''],
      ['event_id', 'msg_1'], ['event_type', 'call:completed'], ['timestamp', '2026-05-01T09:59:00.000Z'], ['account_id', 'acc_1'],
    ])
  })

  it('signs with the old and the new secret during a rotation grace period, the new one only after it', () => {
    const old = generateSecret()
    const endpoint = endpointRecord({ previousSecrets: [{ secret: old, expiresAt: new Date(NOW + 1000).toISOString() }] })
    expect(renderRequest(endpoint, event, NOW).headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(createVerifier({ secret: old }, () => NOW)({ headers: renderRequest(endpoint, event, NOW).headers, rawBody: renderRequest(endpoint, event, NOW).body! }).secretIndex).toBe(0)
    expect(renderRequest(endpoint, event, NOW + 2000).headers['webhook-signature']!.split(' ')).toHaveLength(1)
  })

  it('adds custom headers and auth, and leaves out signatures when told to', () => {
    const request = renderRequest(endpointRecord({ headers: { 'X-Api-Key': 'k1' }, auth: { type: 'basic', username: 'u', password: 'p' }, signature: 'none' }), event, NOW)
    expect(request.headers).toMatchObject({ 'X-Api-Key': 'k1', authorization: `Basic ${Buffer.from('u:p').toString('base64')}` })
    expect(request.headers['webhook-signature']).toBeUndefined()
    expect(request.headers['x-calltracking-signature']).toBeUndefined()
    expect(renderRequest(endpointRecord({ auth: { type: 'bearer', token: 't' } }), event, NOW).headers.authorization).toBe('Bearer t')
  })
})
