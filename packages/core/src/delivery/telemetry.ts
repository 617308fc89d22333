import { SpanKind, SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api'
import type { AttemptRecord, DeliveryRecord, EndpointRecord, EventRecord, SentRequest } from '../model/index.js'
import { fromTraceparent, toTraceparent, type Telemetry } from '../telemetry/telemetry.js'

/** How an attempt ended for the delivery: done, given up, or to be tried again. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'retrying'

/**
 * The client span of one delivery attempt, linked to the emit's span (whichever process emitted:
 * the link comes from the event's stored `traceparent`). Not a child of it: a delivery is its own
 * trace, and a retry hours later should not stretch the emit's.
 */
export function startAttemptSpan(telemetry: Telemetry, delivery: DeliveryRecord, endpoint: EndpointRecord, event: EventRecord): Span {
  const emitted = fromTraceparent(event.traceparent)
  return telemetry.tracer.startSpan(endpoint.method, {
    kind: SpanKind.CLIENT,
    links: emitted ? [{ context: emitted }] : [],
    attributes: {
      'http.request.method': endpoint.method,
      'callhook.endpoint.id': endpoint.id,
      'callhook.event.type': event.type,
      'callhook.event.id': event.id,
      'callhook.delivery.id': delivery.id,
      'callhook.attempt': delivery.attempts + 1,
    },
  })
}

/** The URL attributes of the request about to go out; with propagation on, its `traceparent` header. */
export function sendingRequest(telemetry: Telemetry, span: Span, request: SentRequest): SentRequest {
  if (span.isRecording()) span.setAttributes(urlAttributes(request.url)) // without a tracer provider: no URL to parse
  const traceparent = telemetry.propagate ? toTraceparent(span.spanContext()) : undefined
  return traceparent ? { ...request, headers: { ...request.headers, traceparent } } : request
}

/** Ends the span with the response (or error) and counts the attempt. */
export function attemptEnded(telemetry: Telemetry, span: Span, attempt: AttemptRecord, outcome: AttemptOutcome, event: EventRecord): void {
  const status = attempt.response?.status ?? null
  if (status !== null) span.setAttribute('http.response.status_code', status)
  const errorType = attempt.success ? undefined : status !== null ? String(status) : errorTypeOf(attempt.error)
  if (errorType !== undefined) {
    span.setAttribute('error.type', errorType)
    span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.error ?? undefined })
  }
  span.setAttribute('callhook.outcome', outcome)
  span.end()
  const attributes: Attributes = {
    'callhook.endpoint.id': attempt.endpointId,
    'callhook.event.type': event.type,
    outcome,
    status_class: status === null ? 'none' : `${Math.floor(status / 100)}xx`,
  }
  telemetry.attempts.add(1, attributes)
  telemetry.duration.record(attempt.durationMs / 1000, { 'callhook.endpoint.id': attempt.endpointId, outcome })
}

/** `url.full` without credentials, query or fragment (they may hold tokens); `server.address`, `server.port`. */
export function urlAttributes(url: string): Attributes {
  try {
    const u = new URL(url)
    const port = u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80
    return { 'url.full': `${u.protocol}//${u.host}${u.pathname}`, 'server.address': u.hostname.replace(/^\[|\]$/g, ''), 'server.port': port }
  } catch {
    return {}
  }
}

/** A short, low-cardinality name for a failure without a response. */
export function errorTypeOf(error: string | null): string {
  if (error === null) return '_OTHER'
  if (/^Timed out/.test(error)) return 'timeout'
  if (/^Could not render/.test(error)) return 'render_error'
  if (/private or reserved address/.test(error)) return 'address_refused'
  return /^([A-Z][A-Z0-9_]+):/.exec(error)?.[1] ?? '_OTHER'
}
