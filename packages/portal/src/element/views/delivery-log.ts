import { html, nothing } from 'lit'
import { formatDate, localDateTime, parseDateTime } from '../format.js'
import type { PortalHost } from '../host.js'
import type { Delivery, Page } from '../types.js'

export const PERIODS: Record<string, number> = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }

/** The chart follows the log's period: `null` for "all time" (the chart then shows its default). */
export type OnPeriod = (range: { from: Date; to: Date | undefined } | null) => void

/** The endpoint's delivery log: status and period filters, paging, replay of failures. */
export class DeliveryLog {
  readonly #host: PortalHost
  readonly #id: string
  readonly #onPeriod: OnPeriod
  readonly #onRefresh: () => void
  status = ''
  period = 'all'
  from = ''
  to = ''
  #page: Page<Delivery> | null = null
  #cursors: string[] = []
  #error = ''
  /** Typed in the browser's time zone, like the custom period. */
  #since = localDateTime(new Date(Date.now() - 86_400_000))

  constructor(host: PortalHost, id: string, onPeriod: OnPeriod, onRefresh: () => void) {
    this.#host = host
    this.#id = id
    this.#onPeriod = onPeriod
    this.#onRefresh = onRefresh
  }

  /** The period as dates, or null when the custom dates do not parse. */
  range(): { from?: Date; to?: Date } | null {
    if (this.period === 'custom') {
      const from = this.from.trim() ? parseDateTime(this.from) : undefined
      const to = this.to.trim() ? parseDateTime(this.to) : undefined
      if (from === null || to === null) return null
      return { from, to }
    }
    const span = PERIODS[this.period]
    return span ? { from: new Date(Date.now() - span) } : {}
  }

  /** Reloads the page of the log being shown. */
  reload(): Promise<void> {
    return this.load(this.#cursors.at(-1))
  }

  async load(cursor?: string): Promise<void> {
    const range = this.range()
    if (!range) {
      this.#error = this.#host.t('badDate')
      this.#host.requestUpdate()
      return
    }
    try {
      this.#page = await this.#host.api.get<Page<Delivery>>(`/endpoints/${encodeURIComponent(this.#id)}/deliveries`, {
        status: this.status || undefined, from: range.from?.toISOString(), to: range.to?.toISOString(), limit: '20', cursor,
      })
      this.#error = ''
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    }
    this.#host.requestUpdate()
  }

  #filter(patch: Partial<Pick<DeliveryLog, 'status' | 'period' | 'from' | 'to'>>) {
    Object.assign(this, patch)
    this.#cursors = []
    const range = this.range()
    if (range) this.#onPeriod(this.period === 'all' ? null : { from: range.from ?? new Date(Date.now() - 30 * 86_400_000), to: range.to })
    void this.load()
  }

  #replay = async () => {
    const since = parseDateTime(this.#since)
    if (!since) return this.#host.announce(this.#host.t('badDate'))
    try {
      const { requeued } = await this.#host.api.post<{ requeued: number }>(`/endpoints/${encodeURIComponent(this.#id)}/replay`, { since: since.toISOString() })
      this.#host.announce(this.#host.t('replayed', { n: requeued }))
      void this.load()
    } catch (error) {
      this.#host.announce(error instanceof Error ? error.message : String(error))
    }
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const page = this.#page
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value
    return html`
      <section class="card" part="card delivery-log" aria-labelledby="log-title">
        <div class="spread"><h3 id="log-title">${t('logTitle')}</h3><button type="button" part="button" @click=${this.#onRefresh}>${t('refresh')}</button></div>
        <div class="row">
          <label for="log-status">${t('status')}</label>
          <select id="log-status" part="input" @change=${(e: Event) => this.#filter({ status: value(e) })}>
            ${['', 'succeeded', 'failed', 'pending'].map((s) => html`<option value=${s} ?selected=${s === this.status}>${s ? t(`status_${s}` as 'status_failed') : t('allStatuses')}</option>`)}
          </select>
          <label for="log-period">${t('period')}</label>
          <select id="log-period" part="input" @change=${(e: Event) => this.#filter({ period: value(e) })}>
            ${['all', '1h', '24h', '7d', '30d', 'custom'].map((p) => html`<option value=${p} ?selected=${p === this.period}>${t(`period_${p}` as 'period_all')}</option>`)}
          </select>
          ${this.period === 'custom' ? html`
            <label for="log-from">${t('from')}</label><input id="log-from" part="input" type="text" placeholder="2026-03-14 09:00" aria-describedby="date-hint" .value=${this.from} @change=${(e: Event) => this.#filter({ from: value(e) })}>
            <label for="log-to">${t('to')}</label><input id="log-to" part="input" type="text" placeholder="2026-03-15 09:00" aria-describedby="date-hint" .value=${this.to} @change=${(e: Event) => this.#filter({ to: value(e) })}>
            <span id="date-hint" class="hint">${t('dateHint')}</span>` : nothing}
        </div>
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
        ${page && page.data.length === 0 ? html`<p class="muted">${t('noDeliveries')}</p>` : nothing}
        ${page && page.data.length ? html`
          <div class="table-wrap"><table part="table">
            <thead><tr><th>${t('colCreated')}</th><th>${t('eventType')}</th><th>${t('status')}</th><th>${t('colAttempts')}</th><th>${t('colLast')}</th><th><span class="sr-only">${t('colActions')}</span></th></tr></thead>
            <tbody>${page.data.map((d) => html`
              <tr data-delivery=${d.id}>
                <td>${formatDate(d.createdAt, this.#host.lang)}</td>
                <td class="mono">${d.eventType}</td>
                <td class=${d.status === 'succeeded' ? 'ok' : d.status === 'failed' ? 'bad' : 'warn'}>${t(`status_${d.status}`)}</td>
                <td>${d.attemptCount}</td>
                <td class="mono">${d.lastStatusCode ?? d.lastError ?? '—'}</td>
                <td><button type="button" class="link" @click=${() => this.#host.go({ view: 'delivery', id: d.id, endpointId: this.#id })}>${t('details')}<span class="sr-only">: ${t('openDeliveryOf', { type: d.eventType, date: formatDate(d.createdAt, this.#host.lang) })}</span></button></td>
              </tr>`)}
            </tbody>
          </table></div>` : nothing}
        <div class="row">
          ${this.#cursors.length ? html`<button type="button" part="button" @click=${() => { this.#cursors.pop(); void this.load(this.#cursors.at(-1)) }}>${t('previousPage')}</button>` : nothing}
          ${page?.nextCursor ? html`<button type="button" part="button" @click=${() => { this.#cursors.push(page.nextCursor!); void this.load(page.nextCursor!) }}>${t('nextPage')}</button>` : nothing}
        </div>
        ${this.#host.readonly ? nothing : html`<div class="row">
          <label for="replay-since">${t('replaySince')}</label>
          <input id="replay-since" part="input" type="text" aria-describedby="since-hint" .value=${this.#since} @input=${(e: Event) => (this.#since = value(e))}>
          <button type="button" part="button" @click=${this.#replay}>${t('replayFailed')}</button>
          <span id="since-hint" class="hint">${t('dateHint')}</span>
        </div>`}
      </section>
    `
  }
}
