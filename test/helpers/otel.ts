import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint, type Histogram, type MetricData } from '@opentelemetry/sdk-metrics'

/** A pull reader: the test collects when it wants to look. */
class TestMetricReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE })
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface TestTelemetry {
  tracerProvider: BasicTracerProvider
  meterProvider: MeterProvider
  spans: InMemorySpanExporter
  /** Every metric collected now, by name. */
  metrics(): Promise<Map<string, MetricData>>
  close(): Promise<void>
}

/** The real OpenTelemetry SDK with in-memory exporters, handed to createWebhooks({ telemetry }). */
export function testTelemetry(): TestTelemetry {
  const spans = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] })
  const reader = new TestMetricReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  return {
    tracerProvider,
    meterProvider,
    spans,
    async metrics() {
      const { resourceMetrics } = await reader.collect()
      return new Map(resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).map((m) => [m.descriptor.name, m]))
    },
    async close() {
      await tracerProvider.shutdown()
      await meterProvider.shutdown()
    },
  }
}

/** A metric's points as `{ attributes, value }` (histograms: their count and sum). */
export function points(metric: MetricData | undefined): Array<{ attributes: Record<string, unknown>; value: unknown }> {
  return (metric?.dataPoints as Array<DataPoint<number | Histogram>> | undefined ?? []).map((p) => ({
    attributes: { ...p.attributes },
    value: typeof p.value === 'number' ? p.value : { count: p.value.count, sum: p.value.sum },
  }))
}
