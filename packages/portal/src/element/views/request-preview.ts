import { html, nothing } from 'lit'
import { examplePayload } from '../example-payload.js'
import type { PortalHost } from '../host.js'
import type { EventType } from '../types.js'
import { type FormState } from './form-state.js'

const TOKEN = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g
const PIXEL = /:(callid|duration|direction|source|sale_value)(?![A-Za-z0-9_])/g

const text = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v))

function lookup(path: string, envelope: Record<string, unknown>): unknown {
  const walk = (root: unknown) => path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root)
  const found = walk(envelope)
  return found !== undefined ? found : walk(envelope.data)
}

/**
 * The request the endpoint will receive for a sample of its first event type, rebuilt in the
 * browser from the form as it stands (json, form, template, resource, pixel; presets are named,
 * their exact layout shows in a test send). Signatures are computed at send time.
 */
export function requestPreview(host: PortalHost, s: FormState, types: EventType[]) {
  const t = host.t.bind(host)
  const type = types.find((x) => s.events.includes(x.type)) ?? types.find((x) => x.type === 'call:completed') ?? types[0]
  if (!type) return nothing
  const data = examplePayload(type.schema, type.example)
  const envelope: Record<string, unknown> = { id: 'msg_01jd8x2m4v7k9q3w5e6r8t0y1u', type: type.type, timestamp: '2026-03-14T09:26:53.000Z', accountId: data.accountId ?? null, data }
  let url = s.url.trim() || 'https://…'
  url = url.replace(TOKEN, (_, path: string) => encodeURIComponent(text(lookup(path, envelope))))
  const format = s.preset ? ({ magnetis: 'form', roistat: 'json', ctm: 'json' } as Record<string, string>)[s.preset] ?? 'json' : s.format
  let contentType = 'application/json'
  let body: string | null
  if (format === 'form') {
    contentType = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(Object.entries(data).map(([k, v]) => [`calltracking_event[${k}]`, text(v)])).toString()
  } else if (format === 'template') {
    contentType = s.templateContentType.trim() || 'text/plain; charset=utf-8'
    body = s.templateBody.replace(/\{\{\{?\s*([A-Za-z0-9_.-]+)\s*\}?\}\}/g, (_, path: string) => text(lookup(path, envelope)))
  } else if (format === 'resource') {
    body = JSON.stringify({ resource_url: (s.resourceUrl || '').replace(TOKEN, (_, path: string) => encodeURIComponent(text(lookup(path, envelope)))) })
  } else if (format === 'pixel') {
    const values: Record<string, unknown> = { callid: data.id, duration: data.durationSec, direction: data.direction, source: data.source, sale_value: data.saleValue }
    url = url.replace(PIXEL, (_, name: string) => encodeURIComponent(text(values[name])))
    body = null
  } else {
    body = JSON.stringify(envelope, null, 2)
  }
  const method = s.preset ? 'POST' : s.method
  const headers: Array<[string, string]> = []
  if (body !== null) headers.push(['content-type', contentType])
  if (s.signature === 'all' || s.signature === 'standard') headers.push(['webhook-id', String(envelope.id)], ['webhook-timestamp', '1773480413'], ['webhook-signature', `v1,${t('previewSigned')}`])
  if (s.signature === 'all' || s.signature === 'calltracking') headers.push(['x-calltracking-signature', t('previewSigned')])
  if (s.authType === 'basic') headers.push(['authorization', 'Basic …'])
  if (s.authType === 'bearer') headers.push(['authorization', 'Bearer …'])
  for (const line of s.headers.split('\n')) {
    const at = line.indexOf(':')
    if (at > 0) headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()])
  }
  return html`
    <section aria-labelledby="preview-title" part="preview">
      <h3 id="preview-title">${t('previewTitle')}</h3>
      <p class="hint">${t('previewHint', { type: type.type })}${s.preset ? ` ${t('previewPreset')}` : ''}</p>
      <pre class="mono" tabindex="0" aria-label=${t('previewTitle')}>${method} ${url}
${headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
${body === null ? '' : `\n${body}`}</pre>
    </section>
  `
}
