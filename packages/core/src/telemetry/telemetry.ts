import {
  metrics, trace, TraceFlags, isSpanContextValid, type BatchObservableResult, type Counter, type Histogram, type Meter, type MeterProvider, type ObservableGauge, type SpanContext, type Tracer, type TracerProvider,
} from '@opentelemetry/api'
import type { QueueStats } from '../store/queries.js'
import { VERSION } from '../version.js'

export interface TelemetryOptions {
  /** Where spans go. @default the global one (`trace.setGlobalTracerProvider`, or an SDK's `register()`); a no-op until one is registered */
  tracerProvider?: TracerProvider
  /** Where metrics go. @default the global one (`metrics.setGlobalMeterProvider`), as registered when createWebhooks runs */
  meterProvider?: MeterProvider
  /**
   * Send a W3C `traceparent` header with each delivery, so a receiver that traces joins the trace.
   * Off by default: it tells third parties your trace ids.
   * @default false
   */
  propagateTraceContext?: boolean
}

/** Buckets for delivery durations, in seconds: 5 ms to the 15 s default timeout, and beyond. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60]

/**
 * callhook's OpenTelemetry instruments, through `@opentelemetry/api` only: no SDK here, so all of
 * it costs nothing until the host registers one.
 */
export class Telemetry {
  readonly tracer: Tracer
  readonly meter: Meter
  readonly propagate: boolean
  /** `callhook.events.emitted`, by event type. */
  readonly emitted: Counter
  /** `callhook.delivery.attempts`, by outcome (succeeded, failed, retrying) and status class. */
  readonly attempts: Counter
  /** `callhook.delivery.duration`, seconds. */
  readonly duration: Histogram
  readonly #queueDepth: ObservableGauge
  readonly #queueOldestAge: ObservableGauge
  readonly #circuitOpen: ObservableGauge

  constructor(options: TelemetryOptions = {}) {
    this.tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer('@callhook/core', VERSION)
    this.meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter('@callhook/core', VERSION)
    this.propagate = options.propagateTraceContext ?? false
    this.emitted = this.meter.createCounter('callhook.events.emitted', { description: 'Events emitted (stored with their deliveries)', unit: '{event}' })
    this.attempts = this.meter.createCounter('callhook.delivery.attempts', { description: 'Delivery attempts, by outcome and HTTP status class', unit: '{attempt}' })
    this.duration = this.meter.createHistogram('callhook.delivery.duration', {
      description: 'How long a delivery attempt took, request sent to response read', unit: 's', advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    })
    this.#queueDepth = this.meter.createObservableGauge('callhook.queue.depth', { description: 'Deliveries due now and not yet done', unit: '{delivery}' })
    this.#queueOldestAge = this.meter.createObservableGauge('callhook.queue.oldest_age', { description: 'How long the oldest due delivery has waited', unit: 's' })
    this.#circuitOpen = this.meter.createObservableGauge('callhook.endpoints.circuit_open', { description: 'Endpoints whose circuit is open in this process', unit: '{endpoint}' })
  }

  /**
   * Answers the gauges on each collection: the queue from the store (one indexed query; nothing
   * is reported while the store does not answer), open circuits from the dispatcher. Returns the
   * function that stops it.
   */
  observe(sources: { queue: (now: string) => Promise<QueueStats>; circuitsOpen: () => number }): () => void {
    const callback = async (result: BatchObservableResult) => {
      result.observe(this.#circuitOpen, sources.circuitsOpen())
      const now = Date.now()
      const queue = await sources.queue(new Date(now).toISOString()).catch(() => null)
      if (!queue) return
      result.observe(this.#queueDepth, queue.depth)
      result.observe(this.#queueOldestAge, queue.oldestDueAt === null ? 0 : Math.max(0, (now - Date.parse(queue.oldestDueAt)) / 1000))
    }
    const observables = [this.#queueDepth, this.#queueOldestAge, this.#circuitOpen]
    this.meter.addBatchObservableCallback(callback, observables)
    return () => this.meter.removeBatchObservableCallback(callback, observables)
  }
}

/** A span context as a W3C `traceparent` value, or undefined when it is not a real one (no SDK). */
export function toTraceparent(context: SpanContext): string | undefined {
  if (!isSpanContextValid(context)) return undefined
  return `00-${context.traceId}-${context.spanId}-${(context.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? '01' : '00'}`
}

/** A stored `traceparent` back as a (remote) span context, or undefined when it is malformed. */
export function fromTraceparent(value: string | undefined): SpanContext | undefined {
  const match = value === undefined ? null : /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(value)
  if (!match) return undefined
  const context: SpanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16) & TraceFlags.SAMPLED, isRemote: true }
  return isSpanContextValid(context) ? context : undefined
}
