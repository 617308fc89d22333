import { generateSecret, newDelivery, type EndpointRecord, type AttemptRecord, type DeliveryRecord, type EventRecord } from '../model/index.js'
import { newId } from '../util/ids.js'

/** A complete endpoint record for store tests; override any field. */
export function endpointRecord(overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  const now = new Date().toISOString()
  return {
    id: newId('ep'), accountId: null, title: 'Test endpoint', description: null, url: 'https://crm.example.com/hooks',
    events: ['*'], enabled: true, filters: null, format: 'json', preset: null, method: 'POST', template: null, resourceUrl: null,
    headers: null, auth: null, retry: null, timeoutMs: null, rateLimitPerSecond: null, ordered: false, signature: 'all', timezone: 'UTC',
    createdAt: now, updatedAt: now, disabledReason: null, failingSince: null,
    secret: generateSecret(), previousSecrets: [],
    ...overrides,
  }
}

export function eventRecord(overrides: Partial<EventRecord> = {}): EventRecord {
  return { id: newId('msg'), type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data: { id: 'call_1' }, ...overrides }
}

export function deliveryRecord(event: EventRecord, endpointId: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return { ...newDelivery(event, endpointId, overrides.createdAt ?? new Date().toISOString()), ...overrides }
}

export function attemptRecord(delivery: DeliveryRecord, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id: newId('att'), deliveryId: delivery.id, endpointId: delivery.endpointId, eventId: delivery.eventId, number: 1,
    trigger: 'scheduled', startedAt: new Date().toISOString(), durationMs: 12,
    request: { method: 'POST', url: 'https://crm.example.com/hooks', headers: { 'content-type': 'application/json' }, body: '{}' },
    response: { status: 200, headers: {}, body: 'ok', bodyTruncated: false }, error: null, success: true,
    ...overrides,
  }
}
