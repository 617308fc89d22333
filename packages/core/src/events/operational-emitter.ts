import type { LogFields } from '../telemetry/log.js'
import { isOperationalEventType, toPublicEndpoint, type AttemptRecord, type DeliveryRecord, type Endpoint, type EndpointRecord, type EventRecord } from '../model/index.js'

export interface EndpointDisabledInfo {
  endpoint: Endpoint
  /** Why callhook disabled it. */
  reason: string
  failingSince: string | null
}

export interface EndpointRecoveredInfo {
  endpoint: Endpoint
  /** When the failure run that opened its circuit breaker began. */
  failingSince: string | null
}

export interface OperationalCallbacks {
  readonly onEndpointDisabled?: ((info: EndpointDisabledInfo) => void | Promise<void>) | undefined
  readonly onEndpointRecovered?: ((info: EndpointRecoveredInfo) => void | Promise<void>) | undefined
}

/** EventService.emit (passed in: the emitter is made before the service it calls). */
type Emit = (type: string, data: Record<string, unknown>, options: { accountId?: string | undefined; idempotencyKey: string }) => Promise<{ replayed: boolean }>

/**
 * Emits callhook's operational events where things happen, in the endpoint's account, each with
 * an idempotency key naming the occurrence: several attempts in flight (or several processes)
 * that see the same occurrence emit one event, and the callback runs once, where it was stored.
 * A failed or blocked emit is logged, never thrown into the delivery that caused it.
 */
export class OperationalEvents {
  readonly #emit: Emit
  readonly #callbacks: OperationalCallbacks
  readonly #logError: (message: string, error?: unknown, fields?: LogFields) => void

  constructor(emit: Emit, callbacks: OperationalCallbacks, logError: (message: string, error?: unknown, fields?: LogFields) => void) {
    this.#emit = emit
    this.#callbacks = callbacks
    this.#logError = logError
  }

  /** The endpoint was disabled by a delivery attempt (410, or failing for too long). */
  async endpointDisabled(endpoint: EndpointRecord, reason: string, failingSince: string | null): Promise<void> {
    const data = { ...about(endpoint), reason, failingSince, disabledAt: new Date().toISOString() }
    const first = await this.#send('endpoint:disabled', data, endpoint, `${endpoint.id}:${failingSince ?? endpoint.updatedAt}`)
    if (first) await this.#call('onEndpointDisabled', { endpointId: endpoint.id }, () => this.#callbacks.onEndpointDisabled?.({ endpoint: toPublicEndpoint(endpoint), reason, failingSince }))
  }

  /** The first success after the endpoint's circuit breaker opened. */
  async endpointRecovered(endpoint: EndpointRecord, failingSince: string | null, recoveredAt: string): Promise<void> {
    const data = { ...about(endpoint), failingSince, recoveredAt }
    const first = await this.#send('endpoint:recovered', data, endpoint, `${endpoint.id}:${failingSince ?? recoveredAt}`)
    if (first) await this.#call('onEndpointRecovered', { endpointId: endpoint.id }, () => this.#callbacks.onEndpointRecovered?.({ endpoint: toPublicEndpoint(endpoint), failingSince }))
  }

  async secretRotated(endpoint: EndpointRecord, previousSecretExpiresAt: string, rotatedAt: string): Promise<void> {
    await this.#send('endpoint:secret-rotated', { ...about(endpoint), previousSecretExpiresAt, rotatedAt }, endpoint, `${endpoint.id}:${rotatedAt}`)
  }

  /** A delivery failed for good. Not for deliveries of operational events: an alert about an alert could loop. */
  async deliveryFailed(delivery: DeliveryRecord, endpoint: EndpointRecord, event: EventRecord, attempt: AttemptRecord): Promise<void> {
    if (isOperationalEventType(event.type)) return
    const data = {
      ...about(endpoint), deliveryId: delivery.id, eventId: event.id, eventType: event.type, attempts: attempt.number,
      lastStatusCode: attempt.response?.status ?? null, lastError: attempt.error, failedAt: new Date().toISOString(),
    }
    await this.#send('delivery:failed', data, endpoint, `${delivery.id}:${attempt.number}`, { eventId: event.id, deliveryId: delivery.id, attempt: attempt.number })
  }

  /** Emits; false only when the event was a replay (another attempt or process reported this occurrence first). */
  async #send(type: string, data: Record<string, unknown>, endpoint: EndpointRecord, occurrence: string, fields: LogFields = {}): Promise<boolean> {
    try {
      const result = await this.#emit(type, data, { accountId: endpoint.accountId ?? undefined, idempotencyKey: `callhook:${type}:${occurrence}`.slice(0, 255) })
      return !result.replayed
    } catch (error) {
      this.#logError(`callhook: could not emit ${type}`, error, { ...fields, endpointId: endpoint.id })
      return true
    }
  }

  async #call(name: string, fields: LogFields, callback: () => void | Promise<void>): Promise<void> {
    try {
      await callback()
    } catch (error) {
      this.#logError(`callhook: ${name} threw`, error, fields)
    }
  }
}

function about(endpoint: EndpointRecord): { endpointId: string; url: string; title: string } {
  return { endpointId: endpoint.id, url: endpoint.url, title: endpoint.title }
}
