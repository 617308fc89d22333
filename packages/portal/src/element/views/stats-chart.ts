import { html, nothing, svg } from 'lit'
import { formatDuration } from '../format.js'
import type { PortalHost } from '../host.js'
import type { StatsBucket } from '../types.js'

const W = 640
const H = 180
const PAD = { left: 36, right: 64, top: 10, bottom: 24 } // right: room for the latency axis label ("12.50 sec")

/**
 * Succeeded (green) and failed (red) attempts per bucket as stacked bars, p50 and p95 latency as
 * lines (a dot per bucket, so one bucket shows too) on the right axis. Drawn with SVG attributes only (no inline style), so CSP allows it;
 * the same numbers are in a table for screen readers.
 */
export function statsChart(host: PortalHost, buckets: StatsBucket[] | null | undefined, bucket: 'hour' | 'day') {
  const t = host.t.bind(host)
  if (buckets === undefined) return html`<p class="muted">${t('loading')}</p>`
  if (buckets === null) return html`<p class="muted" data-testid="no-stats">${t('noStats')}</p>`
  if (buckets.every((b) => b.succeeded + b.failed === 0)) return html`<p class="muted">${t('noAttemptsInPeriod')}</p>`
  const innerW = W - PAD.left - PAD.right
  const innerH = H - PAD.top - PAD.bottom
  const maxCount = Math.max(1, ...buckets.map((b) => b.succeeded + b.failed))
  const maxMs = Math.max(1, ...buckets.map((b) => b.p95Ms ?? b.p50Ms ?? 0))
  const step = innerW / buckets.length
  const y = (n: number) => PAD.top + innerH - (n / maxCount) * innerH
  const yMs = (ms: number) => PAD.top + innerH - (ms / maxMs) * innerH
  const line = (key: 'p50Ms' | 'p95Ms') => buckets.map((b, i) => (b[key] === null ? null : `${PAD.left + i * step + step / 2},${yMs(b[key]!)}`)).filter(Boolean).join(' ')
  const label = (iso: string) => new Date(iso).toLocaleString(host.lang, bucket === 'hour' ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' })
  const every = Math.max(1, Math.ceil(buckets.length / 8))
  const total = buckets.reduce((n, b) => ({ ok: n.ok + b.succeeded, bad: n.bad + b.failed }), { ok: 0, bad: 0 })
  return html`
    <figure part="chart">
      <svg role="img" aria-label=${t('chartLabel', { ok: total.ok, bad: total.bad })} viewBox="0 0 ${W} ${H}" width="100%" preserveAspectRatio="xMidYMid meet">
        <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${PAD.top + innerH} y2=${PAD.top + innerH}></line>
        <text x=${PAD.left - 4} y=${PAD.top + 8} text-anchor="end">${maxCount}</text>
        <text x=${PAD.left - 4} y=${PAD.top + innerH} text-anchor="end">0</text>
        <text x=${W - PAD.right + 4} y=${PAD.top + 8}>${formatDuration(maxMs, host.lang)}</text>
        ${buckets.map((b, i) => svg`
          <rect class="legend-ok" x=${PAD.left + i * step + 1} y=${y(b.succeeded)} width=${Math.max(1, step - 2)} height=${PAD.top + innerH - y(b.succeeded)}></rect>
          <rect class="legend-bad" x=${PAD.left + i * step + 1} y=${y(b.succeeded + b.failed)} width=${Math.max(1, step - 2)} height=${y(b.succeeded) - y(b.succeeded + b.failed)}></rect>
          ${i % every === 0 ? svg`<text x=${PAD.left + i * step + step / 2} y=${H - 8} text-anchor="middle">${label(b.start)}</text>` : nothing}`)}
        <polyline class="line-p50" points=${line('p50Ms')}></polyline>
        <polyline class="line-p95" points=${line('p95Ms')}></polyline>
        ${(['p50Ms', 'p95Ms'] as const).map((key) => buckets.map((b, i) => b[key] === null ? nothing
          : svg`<circle class=${key === 'p50Ms' ? 'dot-p50' : 'dot-p95'} cx=${PAD.left + i * step + step / 2} cy=${yMs(b[key]!)} r="3"></circle>`))}
      </svg>
      <figcaption class="row hint">
        <svg width="10" height="10" aria-hidden="true"><rect class="legend-ok" width="10" height="10"></rect></svg>${t('succeeded')}
        <svg width="10" height="10" aria-hidden="true"><rect class="legend-bad" width="10" height="10"></rect></svg>${t('failed')}
        <svg width="16" height="10" aria-hidden="true"><line class="line-p50" x1="0" x2="16" y1="5" y2="5"></line></svg>p50
        <svg width="16" height="10" aria-hidden="true"><line class="line-p95" x1="0" x2="16" y1="5" y2="5"></line></svg>p95
      </figcaption>
      <details>
        <summary>${t('chartTable')}</summary>
        <table part="table">
          <thead><tr><th>${t('colTime')}</th><th>${t('succeeded')}</th><th>${t('failed')}</th><th>p50</th><th>p95</th></tr></thead>
          <tbody>${buckets.map((b) => html`<tr><td>${label(b.start)}</td><td>${b.succeeded}</td><td>${b.failed}</td><td>${formatDuration(b.p50Ms, host.lang)}</td><td>${formatDuration(b.p95Ms, host.lang)}</td></tr>`)}</tbody>
        </table>
      </details>
    </figure>
  `
}
