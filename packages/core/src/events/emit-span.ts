import { SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api'
import { CallhookError } from '../errors.js'
import { toTraceparent, type Telemetry } from '../telemetry/telemetry.js'

/**
 * Runs one emit inside its producer span (`emit <type>`, a child of the host's active span):
 * `work` gets the span's `traceparent` to store with the event, so delivery spans can link to it.
 * Counts `callhook.events.emitted` when it stores an event (an idempotent replay stores none).
 */
export async function inEmitSpan<T extends { eventId: string; deliveries: number; replayed: boolean }>(
  telemetry: Telemetry, type: string, work: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const span: Span = telemetry.tracer.startSpan(`emit ${type}`, {
    kind: SpanKind.PRODUCER,
    attributes: { 'messaging.system': 'callhook', 'messaging.operation.type': 'send', 'messaging.destination.name': type, 'callhook.event.type': type },
  })
  try {
    const result = await work(toTraceparent(span.spanContext()))
    span.setAttributes({ 'callhook.event.id': result.eventId, 'callhook.deliveries': result.deliveries, 'callhook.idempotent_replay': result.replayed })
    if (!result.replayed) telemetry.emitted.add(1, { 'callhook.event.type': type })
    return result
  } catch (error) {
    span.recordException(error as Error)
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message })
    throw error
  } finally {
    span.end()
  }
}

/** A store failure during emit as a clear error (503 over REST); our own errors pass unchanged. */
export function storeFailure(error: unknown): Error {
  if (error instanceof CallhookError) return error
  const reason = (error as Error)?.message ?? String(error)
  return new CallhookError('store_unavailable', `callhook: the event was not stored, the store failed (${reason}); nothing was queued: emit it again once the store answers`, { cause: error })
}
