import { html, svg } from 'lit'
import { formatPercent } from '../format.js'
import type { PortalHost } from '../host.js'
import type { StatsBucket } from '../types.js'

/** 24 bars, one per hour, height = attempts, green share = success; text alternative for readers. */
export function sparkline(host: PortalHost, buckets: StatsBucket[] | null | undefined) {
  if (!buckets) return html`<span class="muted">${host.t('noStats')}</span>`
  const total = buckets.reduce((n, b) => n + b.succeeded + b.failed, 0)
  const ok = buckets.reduce((n, b) => n + b.succeeded, 0)
  const label = total === 0 ? host.t('sparkNone') : host.t('sparkLabel', { rate: Math.round((ok / total) * 100), total })
  const max = Math.max(1, ...buckets.map((b) => b.succeeded + b.failed))
  const width = 96
  const height = 22
  const barWidth = width / Math.max(buckets.length, 1)
  const bars = buckets.map((b, i) => {
    const all = b.succeeded + b.failed
    const h = all === 0 ? 1 : Math.max(2, (all / max) * height)
    const failedH = all === 0 ? 0 : (b.failed / all) * h
    return svg`<rect class="axis" x=${i * barWidth} y=${height - 1} width=${barWidth - 1} height="1"></rect>
      <rect class="legend-ok" x=${i * barWidth} y=${height - h} width=${barWidth - 1} height=${h - failedH}></rect>
      <rect class="legend-bad" x=${i * barWidth} y=${height - failedH} width=${barWidth - 1} height=${failedH}></rect>`
  })
  return html`<span class="sparkline" part="sparkline"><svg role="img" aria-label=${label} width=${width} height=${height} viewBox="0 0 ${width} ${height}">${bars}</svg><span class="muted">${total === 0 ? '' : formatPercent(ok / total, host.lang)}</span></span>`
}
