import { signingSecrets, type EndpointRecord, type EventRecord, type SentRequest } from '../model/index.js'
import { CALLTRACKING_HEADER, calltrackingSignedData, signCalltracking } from '../signing/calltracking.js'
import { encodeForm } from '../signing/form-fields.js'
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, standardSignatureHeader } from '../signing/standard-webhooks.js'
import { envelope, type Envelope } from './envelope.js'
import { formFields } from './form-body.js'
import { renderPreset } from './presets/index.js'
import { renderTemplate } from './template-body.js'
import { renderPixelVariables, renderUrlTokens } from './url-tokens.js'

export const USER_AGENT = 'callhook/0.1'

/**
 * The exact HTTP request one endpoint gets for one event, signed with the secrets valid at
 * `nowMs`. Throws when the endpoint's template cannot be rendered (the attempt then fails with
 * that error).
 */
export function renderRequest(endpoint: EndpointRecord, event: EventRecord, nowMs: number): SentRequest {
  const env = envelope(event)
  let url = renderUrlTokens(endpoint.url, env)
  if (endpoint.format === 'pixel') url = renderPixelVariables(url, event.data)
  const rendered = renderBody(endpoint, event, env)
  const headers: Record<string, string> = { 'user-agent': USER_AGENT }
  if (rendered) headers['content-type'] = rendered.contentType
  Object.assign(headers, endpoint.headers ?? {})
  if (endpoint.auth?.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${endpoint.auth.username}:${endpoint.auth.password}`).toString('base64')}`
  } else if (endpoint.auth?.type === 'bearer') {
    headers.authorization = `Bearer ${endpoint.auth.token}`
  }
  const body = rendered?.body ?? ''
  const timestamp = Math.floor(nowMs / 1000)
  headers[WEBHOOK_ID_HEADER] = event.id
  headers[WEBHOOK_TIMESTAMP_HEADER] = String(timestamp)
  if (endpoint.signature === 'all' || endpoint.signature === 'standard') {
    headers[WEBHOOK_SIGNATURE_HEADER] = standardSignatureHeader(signingSecrets(endpoint, nowMs), event.id, timestamp, body)
  }
  if (endpoint.signature === 'all' || endpoint.signature === 'calltracking') {
    // One value only: receivers written for Magnétis compare it for equality. It uses the current secret.
    const isForm = rendered?.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded') ?? false
    headers[CALLTRACKING_HEADER] = signCalltracking(endpoint.secret, calltrackingSignedData(url, body, isForm))
  }
  return { method: endpoint.method, url, headers, body: rendered ? rendered.body : null }
}

/** The body and its content type; null for a pixel, which has none. */
function renderBody(endpoint: EndpointRecord, event: EventRecord, env: Envelope): { body: string; contentType: string } | null {
  const preset = endpoint.preset ? renderPreset(endpoint.preset, event, endpoint.timezone ?? 'UTC') : null
  if (preset) return preset
  switch (endpoint.format) {
    case 'json':
      return { body: JSON.stringify(env), contentType: 'application/json' }
    case 'form':
      return { body: encodeForm(formFields(event)), contentType: 'application/x-www-form-urlencoded' }
    case 'template':
      return { body: renderTemplate(endpoint.template!, env), contentType: endpoint.template!.contentType }
    case 'resource':
      return { body: JSON.stringify({ resource_url: renderUrlTokens(endpoint.resourceUrl ?? '', env) }), contentType: 'application/json' }
    case 'pixel':
      return null
  }
}
