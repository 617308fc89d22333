import { html, svg } from 'lit'
import type { PortalHost } from '../host.js'
import type { Endpoint } from '../types.js'

/** Icons drawn in SVG (no icon font, nothing a font may lack), coloured by currentColor. */
const icon = (shape: ReturnType<typeof svg>) => html`<svg class="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">${shape}</svg>`
const healthy = icon(svg`<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.6"></circle><path d="M4.5 8.3l2.3 2.3 4.7-5" fill="none" stroke="currentColor" stroke-width="1.8"></path>`)
const failing = icon(svg`<path d="M8 1.5l7 13H1z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"></path><path d="M8 6v4M8 11.5v1.5" stroke="currentColor" stroke-width="1.8"></path>`)
const disabled = icon(svg`<circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" stroke-width="1.6"></circle><path d="M6 5v6M10 5v6" stroke="currentColor" stroke-width="1.8"></path>`)

const short = (iso: string, lang: string) => {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' })
}

/** Healthy / failing since … / disabled and why, as an icon with its words (never colour alone). */
export function statusIcon(host: PortalHost, endpoint: Endpoint) {
  if (!endpoint.enabled) {
    return html`<span class="status muted" part="status status-disabled">${disabled}${disabledReason(host, endpoint.disabledReason)}</span>`
  }
  if (endpoint.failingSince) {
    return html`<span class="status bad" part="status status-failing">${failing}${host.t('statusFailingSince', { date: short(endpoint.failingSince, host.lang) })}</span>`
  }
  return html`<span class="status ok" part="status status-healthy">${healthy}${host.t('statusHealthy')}</span>`
}

/**
 * The server's reasons are English sentences with a known shape (core's judgeEndpoint and the
 * enabled switch); those are said in the reader's language. A host's own reason is shown as is.
 */
export function disabledReason(host: PortalHost, reason: string | null | undefined): string {
  if (!reason) return host.t('statusDisabled')
  if (reason === 'Disabled by a user') return host.t('reasonByUser')
  if (reason === 'The endpoint answered 410 Gone') return host.t('reasonGone')
  const failing = /^Every delivery failed since (\S+)$/.exec(reason)
  if (failing) return host.t('reasonFailing', { date: short(failing[1]!, host.lang) })
  return /^disabled\b/i.test(reason) ? reason : `${host.t('statusDisabled')}: ${reason}` // "Disabled for non-payment": not "Disabled: Disabled …"
}
