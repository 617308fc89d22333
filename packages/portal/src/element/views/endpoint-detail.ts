import { html, nothing } from 'lit'
import { formatDate, formatDuration } from '../format.js'
import type { PortalHost, View } from '../host.js'
import type { EndpointDetail, StatsBucket } from '../types.js'
import { DeliveryLog } from './delivery-log.js'
import { loadStats } from './load-stats.js'
import { SecretPanel } from './secret-panel.js'
import { statsChart } from './stats-chart.js'
import { statusIcon } from './status-icon.js'
import { TestPanel } from './test-panel.js'

/** The chart's period until the log picks one, and for the log's "all time": the last 24 hours. */
const DEFAULT_PERIOD: ChartPeriod = { spanMs: 86_400_000, to: undefined }

/** How long the chart looks back, up to `to` (undefined: up to now, sliding with each refresh). */
interface ChartPeriod {
  spanMs: number
  to: Date | undefined
}

/** Screen 3: one endpoint — secret, test panel, last attempts, chart, delivery log. */
export class EndpointDetailView implements View {
  readonly #host: PortalHost
  readonly #id: string
  readonly #secret: SecretPanel
  readonly #test: TestPanel
  readonly #log: DeliveryLog
  #endpoint: EndpointDetail | null = null
  #stats: StatsBucket[] | null | undefined = undefined
  #bucket: 'hour' | 'day' = 'hour'
  #error = ''

  constructor(host: PortalHost, id: string) {
    this.#host = host
    this.#id = id
    this.#secret = new SecretPanel(host, id)
    this.#test = new TestPanel(host, id, () => void this.#refresh())
    this.#log = new DeliveryLog(host, id, (range) => void this.#loadStats(range ? { spanMs: (range.to ?? new Date()).getTime() - range.from.getTime(), to: range.to } : DEFAULT_PERIOD), () => void this.#refresh())
  }

  #poll: ReturnType<typeof setInterval> | undefined

  async load(): Promise<void> {
    // new deliveries show up by themselves: the endpoint and its log are re-read every 10 s while visible
    this.#poll = setInterval(() => {
      if (document.visibilityState === 'visible') void this.#refresh()
    }, 10_000)
    await this.#refresh()
    if (!this.#endpoint) return
    void this.#host.eventTypes().then((types) => this.#test.setTypes(types, this.#endpoint?.events ?? []), () => undefined)
    void this.#loadStats(DEFAULT_PERIOD)
  }

  dispose(): void {
    clearInterval(this.#poll)
  }

  async #refresh(): Promise<void> {
    try {
      this.#endpoint = await this.#host.api.get<EndpointDetail>(`/endpoints/${encodeURIComponent(this.#id)}`)
      this.#error = ''
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#host.requestUpdate()
    if (!this.#endpoint) return
    // the chart follows the log: a test send, a redelivery or the 10 s poll adds attempts to both
    await Promise.all([this.#log.reload(), this.#period ? this.#loadStats() : undefined])
  }

  #period: ChartPeriod | undefined

  /** `period`: a new one for the chart (the log's); none: the same again. */
  async #loadStats(period?: ChartPeriod): Promise<void> {
    if (period) this.#period = period
    const { spanMs, to: end = new Date() } = this.#period ?? DEFAULT_PERIOD
    this.#bucket = spanMs > 2 * 86_400_000 ? 'day' : 'hour'
    this.#stats = await loadStats(this.#host.api, this.#id, spanMs, this.#bucket, end)
    this.#host.requestUpdate()
  }

  #delete = async () => {
    const e = this.#endpoint
    if (!e || !confirm(this.#host.t('confirmDelete', { title: e.title }))) return
    await this.#host.api.delete(`/endpoints/${encodeURIComponent(e.id)}`)
    this.#host.announce(this.#host.t('deleted', { title: e.title }))
    this.#host.go({ view: 'endpoints' })
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const e = this.#endpoint
    if (!e) return html`<section class="card"><h2 tabindex="-1">${t('endpoint')}</h2>${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : html`<p class="muted">${t('loading')}</p>`}</section>`
    const c = e.deliveryCounts
    return html`
      <p><button type="button" class="link" @click=${() => this.#host.go({ view: 'endpoints' })}>← ${t('backToEndpoints')}</button></p>
      <section class="card" part="card" aria-labelledby="ep-title">
        <div class="spread">
          <h2 id="ep-title" tabindex="-1">${e.title}</h2>
          ${this.#host.readonly ? nothing : html`<div class="row">
            <button type="button" part="button" @click=${() => this.#host.go({ view: 'edit', id: e.id })}>${t('edit')}</button>
            <button type="button" class="danger" part="button" @click=${this.#delete}>${t('delete')}</button>
          </div>`}
        </div>
        <p class="mono">${e.method} ${e.url}</p>
        ${e.description ? html`<p>${e.description}</p>` : nothing}
        <p class="row">${statusIcon(this.#host, e)}
          <span class="ok">${t('countSucceeded', { n: c.succeeded })}</span> · <span class="bad">${t('countFailed', { n: c.failed })}</span> · <span class="muted">${t('countPending', { n: c.pending })}</span></p>
        <p>${e.events.map((x) => html`<span class="badge">${x === '*' ? t('allEvents') : x}</span>`)} <span class="badge">${t(`format_${e.format}`)}</span>${e.preset ? html`<span class="badge">${e.preset}</span>` : nothing}</p>
      </section>
      ${this.#host.readonly ? nothing : html`<div class="grid2">
        ${this.#secret.render()}
        ${this.#test.render()}
      </div>`}
      <section class="card" part="card" aria-labelledby="chart-title">
        <h3 id="chart-title">${t('chartTitle')}</h3>
        ${statsChart(this.#host, this.#stats, this.#bucket)}
      </section>
      <section class="card" part="card" aria-labelledby="recent-title">
        <h3 id="recent-title">${t('recentTitle')}</h3>
        ${e.recentAttempts.length === 0 ? html`<p class="muted">${t('noAttempts')}</p>` : html`
          <div class="table-wrap"><table part="table">
            <thead><tr><th>${t('colTime')}</th><th>${t('colTrigger')}</th><th>${t('colResult')}</th><th>${t('colDuration')}</th><th><span class="sr-only">${t('colActions')}</span></th></tr></thead>
            <tbody>${e.recentAttempts.map((a) => html`<tr>
              <td>${formatDate(a.startedAt, this.#host.lang)}</td>
              <td>${t(`trigger_${a.trigger}`)}</td>
              <td class=${a.success ? 'ok' : 'bad'}>${a.response ? a.response.status : a.error ?? '—'}</td>
              <td>${formatDuration(a.durationMs, this.#host.lang)}</td>
              <td><button type="button" class="link" @click=${() => this.#host.go({ view: 'delivery', id: a.deliveryId, endpointId: e.id })}>${t('details')}<span class="sr-only">: ${t('openAttempt', { date: formatDate(a.startedAt, this.#host.lang) })}</span></button></td>
            </tr>`)}</tbody>
          </table></div>`}
      </section>
      ${this.#log.render()}
    `
  }
}
