import { describe, expect, it } from 'vitest'
import { createVerifier } from '../signing/verify.js'
import { endpointRecord, eventRecord } from '../testing/records.js'
import { envelope } from './envelope.js'
import { renderRequest } from './render-request.js'
import { renderTemplate } from './template-body.js'
import { renderPixelVariables, renderUrlTokens } from './url-tokens.js'

const NOW = Date.parse('2026-05-01T10:00:00Z')
const event = eventRecord({
  id: 'msg_1', type: 'call:completed', accountId: 'acc_1', timestamp: '2026-05-01T09:59:00.000Z',
  data: { id: 'call 1', callerNumber: '+33655443322', direction: 'inbound', source: 'google / cpc', durationSec: 95, saleValue: 12.5, agent: { name: 'Zoé "Z" Martin' } },
})

describe('URL tokens and pixel variables', () => {
  it('fills {{token}} from the envelope or the data, URL-encoded; unknown tokens are empty', () => {
    expect(renderUrlTokens('https://crm.example.com/c?activity_id={{data.id}}&type={{type}}&caller={{callerNumber}}&x={{nope}}', envelope(event)))
      .toBe('https://crm.example.com/c?activity_id=call%201&type=call%3Acompleted&caller=%2B33655443322&x=')
  })

  it('replaces CTM pixel variables in the path and query, not the port', () => {
    expect(renderPixelVariables('http://127.0.0.1:8080/p/:callid.gif?d=:duration&dir=:direction&s=:source&v=:sale_value&keep=:other', event.data))
      .toBe('http://127.0.0.1:8080/p/call%201.gif?d=95&dir=inbound&s=google%20%2F%20cpc&v=12.5&keep=:other')
  })
})

describe('templates', () => {
  it('escapes values for the content type so JSON stays valid', () => {
    const body = renderTemplate({ body: '{"call":"{{data.id}}","agent":"{{data.agent.name}}"}', contentType: 'application/json' }, envelope(event))
    expect(JSON.parse(body)).toEqual({ call: 'call 1', agent: 'Zoé "Z" Martin' })
  })

  it('URL-encodes for forms, HTML-escapes for XML, leaves plain text alone', () => {
    expect(renderTemplate({ body: 'agent={{data.agent.name}}', contentType: 'application/x-www-form-urlencoded' }, envelope(event))).toBe('agent=Zo%C3%A9%20%22Z%22%20Martin')
    expect(renderTemplate({ body: '<a>{{data.agent.name}}</a>', contentType: 'application/xml' }, envelope(event))).toBe('<a>Zoé &quot;Z&quot; Martin</a>')
    expect(renderTemplate({ body: '{{type}} {{data.agent.name}}', contentType: 'text/plain' }, envelope(event))).toBe('call:completed Zoé "Z" Martin')
  })
})

describe('preset magnetis', () => {
  it('reproduces the DESIGN.md known-answer signature from a call record, end to end through rendering', () => {
    const seedCall = eventRecord({
      type: 'call:completed',
      data: { id: '1234567', accountName: 'Calltracking Agence', startedAt: '2019-09-01T10:00:00Z', trackingNumber: '+33988776655', channel: 'Site Internet', callerNumber: '+33655443322', durationSec: 120, googleClientId: 'GA1.2.1669789410.1567091110' },
    })
    const endpoint = endpointRecord({ url: 'https://crm.example.com/hooks/calls', preset: 'magnetis', format: 'form', secret: 'qChJkeBjdeTESTKEYTlBL' })
    const request = renderRequest(endpoint, seedCall, NOW)
    expect([...new URLSearchParams(request.body!)]).toEqual([
      ['calltracking_event[idcall]', '1234567'], ['calltracking_event[accountname]', 'Calltracking Agence'], ['calltracking_event[date]', '2019-09-01 10:00:00'],
      ['calltracking_event[trackednumber]', '0033988776655'], ['calltracking_event[channelname]', 'Site Internet'], ['calltracking_event[callingNumber]', '0033655443322'],
      ['calltracking_event[duration]', '120'], ['calltracking_event[cid]', 'GA1.2.1669789410.1567091110'],
    ])
    expect(request.headers['x-calltracking-signature']).toBe('ow+rmyUoEabmWLVp+PIjUMCQXYQ=')
  })
})

describe('preset roistat', () => {
  const after = ['id', 'caller', 'callee', 'visit_id', 'marker', 'order_id', 'date', 'google_client_id', 'custom_fields', 'landing_page', 'domain', 'city', 'country', 'ip', 'first_visit', 'referrer',
    'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'roistat_param_1', 'roistat_param_2', 'roistat_param_3', 'roistat_param_4', 'roistat_param_5', 'source_level_1', 'source_level_2']
  const roistatCall = (type: string) => eventRecord({
    type, data: { id: '313', callerNumber: '+1 212 509 6995', trackingNumber: '+12125097518', source: 'fb_new', startedAt: '2019-02-19T00:00:00Z', landingPage: 'test.com/new', status: 'ANSWER', durationSec: 20, customFields: { visitId: '123456', orderId: 123456789 } },
  })

  it('sends seed 002\'s "moment of call" fields for call:ringing and adds the after-call ones otherwise', () => {
    const endpoint = endpointRecord({ preset: 'roistat' })
    const ringing = JSON.parse(renderRequest(endpoint, roistatCall('call:ringing'), NOW).body!)
    expect(Object.keys(ringing)).toEqual(after)
    expect(ringing).toMatchObject({ id: '313', caller: '12125096995', callee: '12125097518', visit_id: '123456', marker: 'fb_new', order_id: 123456789, date: '2019-02-19 00:00:00', domain: 'test.com', source_level_1: 'fb', source_level_2: 'new' })
    const completed = JSON.parse(renderRequest(endpoint, roistatCall('call:completed'), NOW).body!)
    expect(Object.keys(completed)).toEqual([...after, 'status', 'file_id', 'duration', 'link'])
    expect(completed).toMatchObject({ status: 'ANSWER', duration: 20, link: '' })
  })

  it('uses the standard envelope for events that are not calls', () => {
    const sms = eventRecord({ type: 'sms:received', data: { id: 's1' } })
    expect(JSON.parse(renderRequest(endpointRecord({ preset: 'roistat' }), sms, NOW).body!)).toMatchObject({ type: 'sms:received', data: { id: 's1' } })
  })
})

describe('preset ctm', () => {
  it("sends CTM's log-data field names", () => {
    const body = JSON.parse(renderRequest(endpointRecord({ preset: 'ctm' }), eventRecord({
      accountId: 'acc_1', data: { id: 'c9', callerNumber: '+33655443322', trackingNumber: '+33988776655', status: 'NOANSWER', durationSec: 30, talkTimeSec: 0, startedAt: '2026-05-01T15:04:00Z', tags: ['vip'], recordingUrl: 'https://r.example.com/1.mp3' },
    }), NOW).body!)
    expect(body).toMatchObject({ id: 'c9', account_id: 'acc_1', caller_number: '+33655443322', tracking_number: '+33988776655', call_status: 'no answer', duration: 30, talk_time: 0, ring_time: 30, called_at: '2026-05-01 03:04 PM +00:00', unix_time: 1777647840, tag_list: ['vip'], audio: 'https://r.example.com/1.mp3' })
  })
})

describe('pixel and resource requests', () => {
  it('sends a pixel as GET without a body, signing the rendered URL', () => {
    const endpoint = endpointRecord({ url: 'https://px.example.com/p.gif?c=:callid', format: 'pixel', method: 'GET' })
    const request = renderRequest(endpoint, event, NOW)
    expect(request).toMatchObject({ method: 'GET', url: 'https://px.example.com/p.gif?c=call%201', body: null })
    expect(request.headers['content-type']).toBeUndefined()
    const verified = createVerifier({ secret: endpoint.secret, scheme: 'calltracking' })({ headers: request.headers, rawBody: '', url: request.url })
    expect(verified.scheme).toBe('calltracking')
  })

  it('sends a resource link with its tokens filled', () => {
    const request = renderRequest(endpointRecord({ format: 'resource', resourceUrl: 'https://api.example.com/accounts/{{accountId}}/calls/{{data.id}}.json' }), event, NOW)
    expect(JSON.parse(request.body!)).toEqual({ resource_url: 'https://api.example.com/accounts/acc_1/calls/call%201.json' })
  })
})
