import { html, nothing } from 'lit'
import { ApiError } from '../api-client.js'
import { examplePayload } from '../example-payload.js'
import { formatDuration, headerValue, prettyBody } from '../format.js'
import type { PortalHost } from '../host.js'
import type { EventType, TestResult } from '../types.js'
import { httpExchange } from './http-exchange.js'

/** Send a sample (or edited) event now and show what the endpoint answered. */
export class TestPanel {
  readonly #host: PortalHost
  readonly #id: string
  readonly #onSent: () => void
  #types: EventType[] = []
  #type = ''
  #sample = ''
  #edited = false
  #result: TestResult | null = null
  #error = ''
  #busy = false

  constructor(host: PortalHost, id: string, onSent: () => void) {
    this.#host = host
    this.#id = id
    this.#onSent = onSent
  }

  setTypes(types: EventType[], subscribed: string[]): void {
    this.#types = types
    const first = types.find((x) => subscribed.includes(x.type)) ?? types.find((x) => x.type === 'call:completed') ?? types[0]
    if (first) this.#pick(first.type)
  }

  #pick(type: string): void {
    this.#type = type
    const info = this.#types.find((x) => x.type === type)
    this.#sample = info ? JSON.stringify(examplePayload(info.schema, info.example), null, 2) : '{}'
    this.#edited = false
    this.#host.requestUpdate()
  }

  #send = async () => {
    this.#error = ''
    let data: unknown
    if (this.#edited) {
      try {
        data = JSON.parse(this.#sample)
      } catch (error) {
        this.#error = this.#host.t('sampleNotJson', { reason: error instanceof Error ? error.message : String(error) })
        this.#host.requestUpdate()
        return
      }
    }
    this.#busy = true
    this.#result = null
    this.#host.requestUpdate()
    try {
      this.#result = await this.#host.api.post<TestResult>(`/endpoints/${encodeURIComponent(this.#id)}/test`, { ...(this.#type ? { type: this.#type } : {}), ...(data === undefined ? {} : { data }) })
      this.#host.announce(this.#host.t('testDone', { status: this.#result.status ?? this.#result.error ?? '—' }))
      this.#onSent()
    } catch (error) {
      const fields = error instanceof ApiError ? error.errors.map((e) => `${e.field}: ${e.message}`) : []
      this.#error = [error instanceof Error ? error.message : String(error), ...fields].join(' — ')
    }
    this.#busy = false
    this.#host.requestUpdate()
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const r = this.#result
    return html`
      <section class="card" part="card test-panel" aria-labelledby="test-title">
        <h3 id="test-title">${t('testTitle')}</h3>
        <div class="field">
          <label for="test-type">${t('eventType')}</label>
          <select id="test-type" part="input" @change=${(e: Event) => this.#pick((e.target as HTMLSelectElement).value)}>
            ${this.#types.map((x) => html`<option value=${x.type} ?selected=${x.type === this.#type}>${x.type}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="test-sample">${t('sample')}</label>
          <textarea id="test-sample" part="input" rows="8" aria-describedby="test-sample-hint" .value=${this.#sample} @input=${(e: Event) => {
            this.#sample = (e.target as HTMLTextAreaElement).value
            this.#edited = true
          }}></textarea>
          <span id="test-sample-hint" class="hint">${t('sampleHint')}</span>
        </div>
        <button type="button" class="primary" part="button button-primary" ?disabled=${this.#busy} @click=${this.#send}>${t('sendTest')}</button>
        ${this.#busy ? html`<span class="muted">${t('sending')}</span>` : nothing}
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
        ${r ? html`
          <div data-testid="test-result">
            <p class="row">
              <strong class=${r.success ? 'ok' : 'bad'}>${r.status === null ? t('noResponse') : t('responseStatus', { status: r.status })}</strong>
              <span class="muted">${t('durationIs', { d: formatDuration(r.durationMs, this.#host.lang) })}</span>
              ${r.error && r.error !== `HTTP ${r.status}` ? html`<span class="bad">${r.error}</span>` : nothing}
            </p>
            ${r.status !== null ? httpExchange(this.#host, t('response'), r.headers, prettyBody(r.body, headerValue(r.headers, 'content-type')), r.bodyTruncated) : nothing}
            ${httpExchange(this.#host, t('request'), r.request.headers, prettyBody(r.request.body, headerValue(r.request.headers, 'content-type')), false, `${r.request.method} ${r.request.url}`, true)}
          </div>` : nothing}
      </section>
    `
  }
}
