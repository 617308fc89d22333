import { signingSecrets, type EndpointRecord } from '../endpoints/endpoint.js'
import { CALLTRACKING_HEADER, calltrackingSignedData, signCalltracking } from '../signing/calltracking.js'
import { encodeForm } from '../signing/form-fields.js'
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, standardSignatureHeader } from '../signing/standard-webhooks.js'
import type { EventRecord, SentRequest } from '../store/types.js'
import { envelope } from './envelope.js'
import { formFields } from './form-body.js'

export const USER_AGENT = 'callhook/0.1 (+https://github.com/callhook/callhook)'

/** The exact HTTP request one endpoint gets for one event, signed with the secrets valid at `nowMs`. */
export function renderRequest(endpoint: EndpointRecord, event: EventRecord, nowMs: number): SentRequest {
  const { body, contentType } = renderBody(endpoint, event)
  const headers: Record<string, string> = {
    'user-agent': USER_AGENT,
    'content-type': contentType,
    ...(endpoint.headers ?? {}),
  }
  if (endpoint.auth?.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${endpoint.auth.username}:${endpoint.auth.password}`).toString('base64')}`
  } else if (endpoint.auth?.type === 'bearer') {
    headers.authorization = `Bearer ${endpoint.auth.token}`
  }
  const timestamp = Math.floor(nowMs / 1000)
  headers[WEBHOOK_ID_HEADER] = event.id
  headers[WEBHOOK_TIMESTAMP_HEADER] = String(timestamp)
  if (endpoint.signature === 'all' || endpoint.signature === 'standard') {
    headers[WEBHOOK_SIGNATURE_HEADER] = standardSignatureHeader(signingSecrets(endpoint, nowMs), event.id, timestamp, body)
  }
  if (endpoint.signature === 'all' || endpoint.signature === 'calltracking') {
    // One value only: receivers written for Magnétis compare it for equality. It uses the current secret.
    headers[CALLTRACKING_HEADER] = signCalltracking(endpoint.secret, calltrackingSignedData(endpoint.url, body, endpoint.format === 'form'))
  }
  return { method: endpoint.method, url: endpoint.url, headers, body }
}

function renderBody(endpoint: EndpointRecord, event: EventRecord): { body: string; contentType: string } {
  switch (endpoint.format) {
    case 'form':
      return { body: encodeForm(formFields(event)), contentType: 'application/x-www-form-urlencoded' }
    case 'json':
      return { body: JSON.stringify(envelope(event)), contentType: 'application/json' }
  }
}
