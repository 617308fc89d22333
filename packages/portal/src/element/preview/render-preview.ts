import Mustache from 'mustache'
// The server's own pure renderers (no Node APIs), bundled into the element: the preview is the
// exact request callhook will send, not a copy of its rules that could drift.
import { encodeForm, escaperFor, formFields, presetFormats, renderPixelVariables, renderPreset, renderUrlTokens } from '@callhook/core/render'

/** The endpoint fields that shape a request. */
export interface PreviewShape {
  url: string
  format: 'json' | 'form' | 'template' | 'resource' | 'pixel'
  preset: 'magnetis' | 'roistat' | 'ctm' | null
  method: string
  template: { body: string; contentType: string } | null
  resourceUrl: string | null
  headers: Record<string, string> | null
  auth: { type: 'basic' } | { type: 'bearer' } | null
  signature: 'all' | 'standard' | 'calltracking' | 'none'
  /** IANA time zone for the presets' local dates. @default 'UTC' */
  timezone?: string
}

export interface PreviewEvent {
  id: string
  type: string
  timestamp: string
  accountId: string | null
  data: Record<string, unknown>
}

export interface PreviewRequest {
  method: string
  url: string
  headers: Array<[name: string, value: string]>
  body: string | null
  /** Why the template or URL could not be rendered, if it could not. */
  error: string | null
}

/**
 * The request an endpoint shaped like this receives for the event, as core's renderRequest builds
 * it. Secrets stay on the server: signatures and credentials show as `signed`/`masked`.
 */
export function renderPreview(shape: PreviewShape, event: PreviewEvent, words: { signed: string; masked: string }): PreviewRequest {
  const env = { id: event.id, type: event.type, timestamp: event.timestamp, accountId: event.accountId, data: event.data }
  const format = shape.preset ? presetFormats[shape.preset] : shape.format
  let error: string | null = null
  let url = renderUrlTokens(shape.url, env)
  if (format === 'pixel') {
    try {
      url = renderPixelVariables(url, event.data)
    } catch {
      // not a URL yet: shown as typed
    }
  }
  let rendered: { body: string; contentType: string } | null = null
  try {
    rendered = (shape.preset ? renderPreset(shape.preset, event, shape.timezone ?? 'UTC') : null) ?? renderBody(format, shape, env, event)
  } catch (e) {
    error = e instanceof Error ? e.message : String(e)
  }
  const headers: Array<[string, string]> = [['user-agent', 'callhook/0.1']]
  if (rendered) headers.push(['content-type', rendered.contentType])
  for (const [name, value] of Object.entries(shape.headers ?? {})) headers.push([name, value])
  if (shape.auth) headers.push(['authorization', `${shape.auth.type === 'basic' ? 'Basic' : 'Bearer'} ${words.masked}`])
  headers.push(['webhook-id', event.id], ['webhook-timestamp', String(Math.floor(Date.parse(event.timestamp) / 1000))])
  if (shape.signature === 'all' || shape.signature === 'standard') headers.push(['webhook-signature', `v1,${words.signed}`])
  if (shape.signature === 'all' || shape.signature === 'calltracking') headers.push(['x-calltracking-signature', words.signed])
  return { method: shape.preset ? 'POST' : shape.method, url, headers, body: rendered ? rendered.body : null, error }
}

function renderBody(format: PreviewShape['format'], shape: PreviewShape, env: PreviewEvent, event: PreviewEvent): { body: string; contentType: string } | null {
  switch (format) {
    case 'json':
      return { body: JSON.stringify(env), contentType: 'application/json' }
    case 'form':
      return { body: encodeForm(formFields(event)), contentType: 'application/x-www-form-urlencoded' }
    case 'template': {
      const template = shape.template ?? { body: '', contentType: 'text/plain; charset=utf-8' }
      return { body: Mustache.render(template.body, env, {}, { escape: escaperFor(template.contentType) }), contentType: template.contentType }
    }
    case 'resource':
      return { body: JSON.stringify({ resource_url: renderUrlTokens(shape.resourceUrl ?? '', env) }), contentType: 'application/json' }
    case 'pixel':
      return null
  }
}
