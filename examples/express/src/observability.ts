/**
 * The demo's observability: callhook's OpenTelemetry metrics through the SDK and its Prometheus
 * exporter, answered at GET /metrics on the demo's own server; logs through pino.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus'
import { MeterProvider } from '@opentelemetry/sdk-metrics'
import { pino } from 'pino'

export const logger = pino({ name: 'callhook-demo', level: process.env.LOG_LEVEL ?? 'info' })

// preventServerStart: no second port; the exporter's handler answers on the app's /metrics.
const exporter = new PrometheusExporter({ preventServerStart: true })
// Prometheus names carry the unit (`_seconds`); this exporter does not append it, so two views do.
export const meterProvider = new MeterProvider({
  readers: [exporter],
  views: [
    { instrumentName: 'callhook.delivery.duration', name: 'callhook.delivery.duration_seconds' },
    { instrumentName: 'callhook.queue.oldest_age', name: 'callhook.queue.oldest_age_seconds' },
  ],
})

/** `GET /metrics`: Prometheus text format. */
export function metricsHandler(req: IncomingMessage, res: ServerResponse): void {
  exporter.getMetricsRequestHandler(req, res)
}
