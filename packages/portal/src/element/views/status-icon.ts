import { html } from 'lit'
import { formatDate } from '../format.js'
import type { PortalHost } from '../host.js'
import type { Endpoint } from '../types.js'

/** Healthy / failing since … / disabled and why, as an icon with its words (never colour alone). */
export function statusIcon(host: PortalHost, endpoint: Endpoint) {
  if (!endpoint.enabled) {
    const why = endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''
    return html`<span class="status muted" part="status status-disabled"><span aria-hidden="true">⏸</span>${host.t('statusDisabled')}${why}</span>`
  }
  if (endpoint.failingSince) {
    return html`<span class="status bad" part="status status-failing"><span aria-hidden="true">⚠</span>${host.t('statusFailingSince', { date: formatDate(endpoint.failingSince, host.lang) })}</span>`
  }
  return html`<span class="status ok" part="status status-healthy"><span aria-hidden="true">✓</span>${host.t('statusHealthy')}</span>`
}
