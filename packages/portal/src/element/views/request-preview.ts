import { html, nothing } from 'lit'
import { examplePayload } from '../example-payload.js'
import { prettyBody } from '../format.js'
import type { PortalHost } from '../host.js'
import { renderPreview, type PreviewShape } from '../preview/render-preview.js'
import type { EventType } from '../types.js'
import type { FormState } from './form-state.js'
import { previewZone } from './time-zones.js'

/** The form as the fields that shape a request. */
function shapeOf(s: FormState): PreviewShape {
  const headers: Record<string, string> = {}
  for (const line of s.headers.split('\n')) {
    const at = line.indexOf(':')
    if (at > 0) headers[line.slice(0, at).trim()] = line.slice(at + 1).trim()
  }
  return {
    url: s.url.trim() || 'https://…',
    format: s.format as PreviewShape['format'],
    preset: (s.preset || null) as PreviewShape['preset'],
    method: s.method,
    template: { body: s.templateBody, contentType: s.templateContentType.trim() || 'text/plain; charset=utf-8' },
    resourceUrl: s.resourceUrl,
    headers,
    auth: s.authType === 'basic' ? { type: 'basic' } : s.authType === 'bearer' ? { type: 'bearer' } : null,
    signature: s.signature as PreviewShape['signature'],
    timezone: previewZone(s.timezone),
  }
}

/**
 * The request the endpoint will receive for a sample of its first event type, rendered in the
 * browser by the server's own renderers from the form as it stands.
 */
export function requestPreview(host: PortalHost, s: FormState, types: EventType[]) {
  const t = host.t.bind(host)
  const type = types.find((x) => s.events.includes(x.type)) ?? types.find((x) => x.type === 'call:completed') ?? types[0]
  if (!type) return nothing
  const data = examplePayload(type.schema, type.example)
  const event = { id: 'msg_01jd8x2m4v7k9q3w5e6r8t0y1u', type: type.type, timestamp: '2026-03-14T09:26:53.000Z', accountId: typeof data.accountId === 'string' ? data.accountId : null, data }
  const request = renderPreview(shapeOf(s), event, { signed: t('previewSigned'), masked: '••••••••' })
  const contentType = request.headers.find(([name]) => name === 'content-type')?.[1]
  return html`
    <section aria-labelledby="preview-title" part="preview">
      <h3 id="preview-title">${t('previewTitle')}</h3>
      <p class="hint">${t('previewHint', { type: type.type })}</p>
      ${request.error ? html`<p class="error">${request.error}</p>` : nothing}
      <pre class="mono" tabindex="0" aria-label=${t('previewTitle')}>${request.method} ${request.url}
${request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
${request.body === null ? '' : `\n${prettyBody(request.body, contentType)}`}</pre>
    </section>
  `
}
