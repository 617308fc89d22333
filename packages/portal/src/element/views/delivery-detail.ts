import { html, nothing } from 'lit'
import { formatDate, formatDuration, headerValue, prettyBody } from '../format.js'
import type { PortalHost, View } from '../host.js'
import type { DeliveryWithAttempts } from '../types.js'
import { httpExchange } from './http-exchange.js'

/** Screen 4: one delivery, every attempt's request and response, and Redeliver. */
export class DeliveryDetailView implements View {
  readonly #host: PortalHost
  readonly #id: string
  readonly #endpointId: string
  #delivery: DeliveryWithAttempts | null = null
  #error = ''
  #busy = false

  constructor(host: PortalHost, id: string, endpointId: string) {
    this.#host = host
    this.#id = id
    this.#endpointId = endpointId
  }

  async load(): Promise<void> {
    try {
      this.#delivery = await this.#host.api.get<DeliveryWithAttempts>(`/deliveries/${encodeURIComponent(this.#id)}`)
      this.#error = ''
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#host.requestUpdate()
  }

  #redeliver = async () => {
    this.#busy = true
    this.#host.requestUpdate()
    try {
      await this.#host.api.post(`/deliveries/${encodeURIComponent(this.#id)}/redeliver`)
      this.#host.announce(this.#host.t('redelivered'))
      await this.load()
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#busy = false
    this.#host.requestUpdate()
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const d = this.#delivery
    const back = html`<p><button type="button" class="link" @click=${() => this.#host.go({ view: 'endpoint', id: this.#endpointId })}>← ${t('backToEndpoint')}</button></p>`
    if (!d) return html`${back}<section class="card"><h2 tabindex="-1">${t('deliveryTitle')}</h2>${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : html`<p class="muted">${t('loading')}</p>`}</section>`
    return html`
      ${back}
      <section class="card" part="card" aria-labelledby="delivery-title">
        <div class="spread">
          <h2 id="delivery-title" tabindex="-1">${t('deliveryTitle')} <span class="mono">${d.eventType}</span></h2>
          <div class="row">
            <button type="button" part="button" @click=${() => this.load()}>${t('refresh')}</button>
            ${this.#host.readonly ? nothing : html`<button type="button" class="primary" part="button button-primary" ?disabled=${this.#busy} @click=${this.#redeliver}>${t('redeliver')}</button>`}
          </div>
        </div>
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
        <dl class="grid2">
          <div><dt class="hint">${t('status')}</dt><dd class=${d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn'}>${t(`status_${d.status}`)}</dd></div>
          <div><dt class="hint">${t('colCreated')}</dt><dd>${formatDate(d.createdAt, this.#host.lang)}</dd></div>
          <div><dt class="hint">${t('eventId')}</dt><dd class="mono">${d.eventId}</dd></div>
          <div><dt class="hint">${t('nextAttempt')}</dt><dd>${formatDate(d.nextAttemptAt, this.#host.lang)}</dd></div>
        </dl>
      </section>
      ${d.attempts.length === 0 ? html`<p class="muted">${t('noAttempts')}</p>` : nothing}
      ${[...d.attempts].reverse().map((a) => html`
        <section class="card" part="card attempt" aria-labelledby="attempt-${a.id}">
          <h3 id="attempt-${a.id}">${t('attemptTitle', { n: a.number })} — <span class=${a.success ? 'ok' : 'bad'}>${a.response ? t('responseStatus', { status: a.response.status }) : t('noResponse')}</span></h3>
          <p class="row muted">
            <span>${formatDate(a.startedAt, this.#host.lang)}</span><span>${t(`trigger_${a.trigger}`)}</span><span>${t('durationIs', { d: formatDuration(a.durationMs, this.#host.lang) })}</span>
          </p>
          ${a.error ? html`<p class="bad">${t('error')}: ${a.error}</p>` : nothing}
          <div class="grid2">
            ${httpExchange(this.#host, t('request'), a.request.headers, prettyBody(a.request.body, headerValue(a.request.headers, 'content-type')), false, `${a.request.method} ${a.request.url}`)}
            ${a.response ? httpExchange(this.#host, t('response'), a.response.headers, prettyBody(a.response.body, headerValue(a.response.headers, 'content-type')), a.response.bodyTruncated, `HTTP ${a.response.status}`) : html`<div><h4>${t('response')}</h4><p class="muted">${t('noResponse')}</p></div>`}
          </div>
        </section>`)}
    `
  }
}
