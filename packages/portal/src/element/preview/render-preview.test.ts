import { describe, expect, it } from 'vitest'
import { generateSecret, renderRequest, sampleCall, type EndpointRecord } from '@callhook/core'
import { renderPreview, type PreviewShape } from './render-preview.js'

const event = { id: 'msg_01jd8x2m4v7k9q3w5e6r8t0y1u', type: 'call:completed', timestamp: '2026-03-14T09:26:53.000Z', accountId: 'acc_demo', data: sampleCall({ tags: ['vip', 'a&b'] }) }

function record(shape: PreviewShape): EndpointRecord {
  return {
    ...shape, timezone: shape.timezone ?? 'UTC', ordered: false, id: 'ep_1', accountId: null, title: 't', description: null, events: ['*'], enabled: true, filters: null,
    auth: shape.auth?.type === 'basic' ? { type: 'basic', username: 'u', password: 'p' } : shape.auth ? { type: 'bearer', token: 'tok' } : null,
    method: shape.method as EndpointRecord['method'], retry: null, timeoutMs: null, rateLimitPerSecond: null,
    createdAt: event.timestamp, updatedAt: event.timestamp, disabledReason: null, failingSince: null, secret: generateSecret(), previousSecrets: [],
  }
}

const base: PreviewShape = { url: 'https://crm.example.com/hooks?caller={{data.callerNumber}}&t={{type}}', format: 'json', preset: null, method: 'POST', template: null, resourceUrl: null, headers: { 'X-Api-Key': 'k1' }, auth: null, signature: 'all' }

const cases: Array<[string, PreviewShape]> = [
  ['json', base],
  ['form', { ...base, format: 'form', auth: { type: 'basic' } }],
  ['template (JSON escaping)', { ...base, format: 'template', template: { body: '{"caller":"{{data.callerNumber}}","tags":"{{#data.tags}}{{.}};{{/data.tags}}"}', contentType: 'application/json' } }],
  ['template (form escaping)', { ...base, format: 'template', template: { body: 'who={{data.accountName}}&tags={{data.tags}}', contentType: 'application/x-www-form-urlencoded' } }],
  ['resource', { ...base, format: 'resource', resourceUrl: 'https://api.example.com/calls/{{data.id}}', auth: { type: 'bearer' } }],
  ['pixel', { ...base, format: 'pixel', method: 'GET', url: 'https://px.example.com/p?c=:callid&d=:duration&s=:source', signature: 'none' }],
  ['magnetis preset', { ...base, format: 'form', preset: 'magnetis', signature: 'calltracking' }],
  ['roistat preset', { ...base, preset: 'roistat', signature: 'standard' }],
  ['magnetis preset in Paris time', { ...base, format: 'form', preset: 'magnetis', signature: 'calltracking', timezone: 'Europe/Paris' }],
  ['ctm preset', { ...base, preset: 'ctm' }],
]

describe('the portal’s request preview', () => {
  for (const [name, shape] of cases) {
    it(`is the request the server sends: ${name}`, () => {
      const sent = renderRequest(record(shape), event, Date.parse(event.timestamp))
      const preview = renderPreview(shape, event, { signed: 'SIGNED', masked: 'MASKED' })
      expect(preview.error).toBeNull()
      expect({ method: preview.method, url: preview.url, body: preview.body }).toEqual({ method: sent.method, url: sent.url, body: sent.body })
      // the same headers in the same order; secrets (signatures, credentials) are not in the browser
      expect(preview.headers.map(([k]) => k)).toEqual(Object.keys(sent.headers))
      const secretHeaders = new Set(['authorization', 'webhook-signature', 'x-calltracking-signature'])
      for (const [k, v] of preview.headers) if (!secretHeaders.has(k)) expect([k, v]).toEqual([k, sent.headers[k]])
    })
  }

  it('reports a template that does not parse instead of throwing', () => {
    const preview = renderPreview({ ...base, format: 'template', template: { body: '{{#open}}', contentType: 'text/plain' } }, event, { signed: 'S', masked: 'M' })
    expect(preview.error).toMatch(/Unclosed section/)
  })
})
