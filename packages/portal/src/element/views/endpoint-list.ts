import { html, nothing } from 'lit'
import { ApiError } from '../api-client.js'
import type { PortalHost, View } from '../host.js'
import type { DeliveryCounts, Endpoint, EndpointDetail, Page, StatsBucket } from '../types.js'
import { AccountSwitch } from './account-switch.js'
import { loadStats } from './load-stats.js'
import { sparkline } from './sparkline.js'
import { statusIcon } from './status-icon.js'

interface Row {
  endpoint: Endpoint
  counts?: DeliveryCounts
  stats?: StatsBucket[] | null
}

/** Screen 1: every endpoint with its health, counts, 24-hour sparkline and on/off switch. */
export class EndpointListView implements View {
  readonly #host: PortalHost
  #rows: Row[] = []
  #cursor: string | null = null
  #loading = true
  #error = ''
  readonly #account: AccountSwitch

  constructor(host: PortalHost) {
    this.#host = host
    this.#account = new AccountSwitch(host)
  }

  async load(cursor?: string): Promise<void> {
    this.#loading = true
    if (!cursor) void this.#account.load()
    this.#host.requestUpdate()
    try {
      const page = await this.#host.api.get<Page<Endpoint>>('/endpoints', { limit: '50', cursor })
      const rows: Row[] = page.data.map((endpoint) => ({ endpoint }))
      this.#rows = cursor ? [...this.#rows, ...rows] : rows
      this.#cursor = page.nextCursor
      this.#error = ''
      void Promise.all(rows.map((row) => this.#details(row)))
    } catch (error) {
      this.#error = error instanceof Error ? error.message : String(error)
    } finally {
      this.#loading = false
      this.#host.requestUpdate()
    }
  }

  async #details(row: Row): Promise<void> {
    const [detail, stats] = await Promise.all([
      this.#host.api.get<EndpointDetail>(`/endpoints/${encodeURIComponent(row.endpoint.id)}`).catch(() => undefined),
      loadStats(this.#host.api, row.endpoint.id, 24 * 3600_000, 'hour'),
    ])
    if (detail) row.counts = detail.deliveryCounts
    row.stats = stats
    this.#host.requestUpdate()
  }

  async #toggle(row: Row, enabled: boolean): Promise<void> {
    const t = this.#host.t.bind(this.#host)
    try {
      row.endpoint = await this.#host.api.patch<Endpoint>(`/endpoints/${encodeURIComponent(row.endpoint.id)}`, { enabled })
      this.#host.announce(t(enabled ? 'endpointEnabled' : 'endpointDisabled', { title: row.endpoint.title }))
    } catch (error) {
      this.#host.announce(error instanceof ApiError ? error.message : String(error))
    }
    this.#host.requestUpdate()
  }

  render() {
    const t = this.#host.t.bind(this.#host)
    const open = (id: string) => this.#host.go({ view: 'endpoint', id })
    return html`
      <section part="card" class="card" aria-labelledby="list-title">
        <div class="spread">
          <h2 id="list-title" tabindex="-1">${t('endpointsTitle')}</h2>
          ${this.#host.readonly ? nothing : html`<button type="button" class="primary" part="button button-primary" @click=${() => this.#host.go({ view: 'new' })}>${t('newEndpoint')}</button>`}
        </div>
        ${this.#account.render()}
        ${this.#error ? html`<p class="error" role="alert">${this.#error}</p>` : nothing}
        ${this.#loading && this.#rows.length === 0 ? html`<p class="muted">${t('loading')}</p>` : nothing}
        ${!this.#loading && !this.#error && this.#rows.length === 0 ? html`<p class="muted">${t('noEndpoints')}</p>` : nothing}
        ${this.#rows.length ? html`
          <div class="table-wrap"><table part="table">
            <thead><tr><th>${t('colEndpoint')}</th><th>${t('colEvents')}</th><th>${t('colStatus')}</th><th>${t('colDeliveries')}</th><th>${t('col24h')}</th><th>${t('enabled')}</th></tr></thead>
            <tbody>${this.#rows.map((row) => html`
              <tr data-endpoint=${row.endpoint.id}>
                <td>
                  <button type="button" class="link" id="title-${row.endpoint.id}" @click=${() => open(row.endpoint.id)}>${row.endpoint.title}</button>
                  <div class="mono muted">${row.endpoint.url}</div>
                </td>
                <td>${row.endpoint.events.map((e) => html`<span class="badge">${e === '*' ? t('allEvents') : e}</span>`)}</td>
                <td>${statusIcon(this.#host, row.endpoint)}</td>
                <td class="nowrap">${row.counts ? html`<span class="ok">${t('countSucceeded', { n: row.counts.succeeded })}</span><br><span class="bad">${t('countFailed', { n: row.counts.failed })}</span><br><span class="muted">${t('countPending', { n: row.counts.pending })}</span>` : '…'}</td>
                <td class="nowrap">${row.stats === undefined ? '…' : sparkline(this.#host, row.stats)}</td>
                <td><label><span class="sr-only">${t('enabled')}</span><input type="checkbox" class="switch" part="switch" aria-describedby="title-${row.endpoint.id}" .checked=${row.endpoint.enabled} ?disabled=${this.#host.readonly} @change=${(e: Event) => this.#toggle(row, (e.target as HTMLInputElement).checked)}></label></td>
              </tr>`)}
            </tbody>
          </table></div>` : nothing}
        ${this.#cursor ? html`<p><button type="button" @click=${() => this.load(this.#cursor ?? undefined)}>${t('loadMore')}</button></p>` : nothing}
      </section>
    `
  }
}
