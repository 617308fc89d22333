import { html, nothing } from 'lit'
import { copyText, formFields, headerValue } from '../format.js'
import type { PortalHost } from '../host.js'

/**
 * One request or response: start line, headers, body (JSON pretty-printed, form fields decoded),
 * with a copy button. Every value is bound as text: receivers' answers never become markup.
 */
export function httpExchange(host: PortalHost, title: string, headers: Record<string, string>, body: string, truncated: boolean, startLine?: string, collapsed = false) {
  const t = host.t.bind(host)
  const fields = formFields(body, headerValue(headers, 'content-type'))
  const copy = async () => host.announce(t((await copyText(body)) ? 'copied' : 'copyFailed'))
  const content = html`
    ${startLine ? html`<p class="mono">${startLine}</p>` : nothing}
    <table part="table headers">
      <caption class="sr-only">${t('headersOf', { what: title })}</caption>
      <tbody>${Object.entries(headers).map(([k, v]) => html`<tr><th scope="row" class="mono">${k}</th><td class="mono">${v}</td></tr>`)}</tbody>
    </table>
    ${fields ? html`
      <table part="table form-fields">
        <caption class="hint">${t('formFields')}</caption>
        <tbody>${fields.map(([k, v]) => html`<tr><th scope="row" class="mono">${k}</th><td class="mono">${v}</td></tr>`)}</tbody>
      </table>` : nothing}
    ${body ? html`<div class="spread"><span class="hint">${t('body')}${truncated ? ` — ${t('truncated')}` : ''}</span><button type="button" part="button" @click=${copy}>${t('copyBody', { what: title })}</button></div>
      <pre part="code" tabindex="0" aria-label=${t('bodyOf', { what: title })}>${body}</pre>` : html`<p class="hint">${t('emptyBody')}</p>`}
  `
  return collapsed
    ? html`<details><summary>${title}</summary>${content}</details>`
    : html`<div><h4>${title}</h4>${content}</div>`
}
