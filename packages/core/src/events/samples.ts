import { randomInt } from 'node:crypto'
import { newId } from '../util/ids.js'

/** A realistic call record, as a call-tracking platform would emit it. */
export function sampleCall(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const duration = randomInt(20, 600)
  return {
    id: newId('call'),
    accountId: 'acc_demo',
    accountName: 'Calltracking Agence',
    trackingNumber: '+33988776655',
    callerNumber: '+33655443322',
    calleeNumber: '+33144556677',
    direction: 'inbound',
    status: 'ANSWER',
    startedAt: new Date(Date.now() - duration * 1000).toISOString(),
    durationSec: duration,
    talkTimeSec: Math.max(0, duration - 12),
    channel: 'Site Internet',
    source: 'google / cpc',
    utmSource: 'google',
    utmMedium: 'cpc',
    utmCampaign: 'spring-sale',
    gclid: 'EAIaIQobChMI0fake',
    googleClientId: 'GA1.2.1669789410.1567091110',
    landingPage: 'https://www.example.com/offres',
    referrer: 'https://www.google.com/',
    city: 'Lyon',
    country: 'FR',
    ip: '203.0.113.24',
    tags: ['new-customer'],
    recordingUrl: 'https://recordings.example.com/calls/313.mp3',
    agent: { id: 'agt_7', name: 'Camille Martin' },
    visitorEvents: [
      { at: '2019-09-01T09:52:10Z', page: '/offres' },
      { at: '2019-09-01T09:58:41Z', page: '/contact' },
    ],
    customFields: { crmLeadId: 'L-2291' },
    ...overrides,
  }
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
const sampleEndpoint = () => ({ endpointId: newId('ep'), url: 'https://crm.example.com/hooks/calls', title: 'crm.example.com' })

const samples: Record<string, () => Record<string, unknown>> = {
  'call:ringing': () => sampleCall({ status: undefined, durationSec: 0, talkTimeSec: 0, recordingUrl: undefined }),
  'call:missed': () => sampleCall({ status: 'NOANSWER', talkTimeSec: 0, recordingUrl: undefined }),
  'call:keyword': () => sampleCall({ keyword: 'devis' }),
  'lead:created': () => ({ id: newId('lead'), accountId: 'acc_demo', name: 'Jean Dupont', email: 'jean@example.com', phone: '+33655443322', formName: 'Demande de devis', source: 'google / cpc' }),
  'sms:received': () => ({ id: newId('sms'), accountId: 'acc_demo', from: '+33655443322', to: '+33988776655', body: 'Bonjour, rappelez-moi svp', direction: 'inbound', status: 'received' }),
  'sms:sent': () => ({ id: newId('sms'), accountId: 'acc_demo', from: '+33988776655', to: '+33655443322', body: 'Merci, nous vous rappelons.', direction: 'outbound', status: 'sent' }),
  'sms:status_changed': () => ({ id: newId('sms'), accountId: 'acc_demo', from: '+33988776655', to: '+33655443322', direction: 'outbound', status: 'delivered' }),
  'sale:updated': () => ({ id: newId('sale'), accountId: 'acc_demo', callId: 'call_313', saleValue: 1250, currency: 'EUR', converted: true }),
  'endpoint:disabled': () => ({ ...sampleEndpoint(), reason: 'The endpoint answered 410 Gone', failingSince: hoursAgo(2), disabledAt: hoursAgo(0) }),
  'endpoint:recovered': () => ({ ...sampleEndpoint(), failingSince: hoursAgo(3), recoveredAt: hoursAgo(0) }),
  'endpoint:secret-rotated': () => ({ ...sampleEndpoint(), previousSecretExpiresAt: hoursAgo(-24), rotatedAt: hoursAgo(0) }),
  'delivery:failed': () => ({ ...sampleEndpoint(), deliveryId: newId('dlv'), eventId: newId('msg'), eventType: 'call:completed', attempts: 8, lastStatusCode: 503, lastError: 'HTTP 503', failedAt: hoursAgo(0) }),
  'user:action': () => ({ id: newId('act'), accountId: 'acc_demo', userId: 'usr_1', userName: 'Camille Martin', action: 'tracking_number.updated', target: '+33988776655' }),
}

/** Sample data for an event type: the test route sends it when no data is given. */
export function sampleData(type: string): Record<string, unknown> {
  return knownSample(type) ?? { id: newId('sample') }
}

/** A realistic sample for a built-in type (and any `call:*`); undefined for the host's own types. */
export function knownSample(type: string): Record<string, unknown> | undefined {
  const make = samples[type]
  if (make) return make()
  if (type.startsWith('call:')) return sampleCall()
  return undefined
}
