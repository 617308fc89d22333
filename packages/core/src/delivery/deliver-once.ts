import {
  judgeEndpoint, toPublicEndpoint, type AttemptRecord, type AttemptTrigger, type DeliveryRecord, type DeliveryUpdate, type Endpoint, type EndpointRecord, type EventRecord,
  type SentRequest,
} from '../model/index.js'
import type { AccountGate } from '../accounts/account-gate.js'
import type { OperationalEvents } from '../events/operational-emitter.js'
import { renderRequest } from '../render/render-request.js'
import type { Store } from '../store/types.js'
import { newId } from '../util/ids.js'
import type { LogFields } from '../telemetry/log.js'
import type { Telemetry } from '../telemetry/telemetry.js'
import type { HttpSender, SendResult } from './http-sender.js'
import { nextRetryDelayMs } from './retry-policy.js'
import { attemptEnded, sendingRequest, startAttemptSpan } from './telemetry.js'

export interface DeliveryFailedInfo {
  delivery: DeliveryRecord
  endpoint: Endpoint
  event: EventRecord
  lastAttempt: AttemptRecord
}

export interface DeliverySettings {
  readonly retryDelaysSeconds: readonly number[]
  readonly jitter: number
  readonly maxRetryAfterMs: number
  readonly timeoutMs: number
  readonly disableAfterMs: number
  readonly onDeliveryFailed: ((info: DeliveryFailedInfo) => void | Promise<void>) | undefined
  /** Reports endpoint:disabled and delivery:failed (absent: none are emitted). */
  readonly operational?: OperationalEvents | undefined
  readonly logError: (message: string, error?: unknown, fields?: LogFields) => void
  readonly telemetry: Telemetry
  /** The account-wide switch: a due delivery of an account that is off fails instead of being sent. */
  readonly accounts?: AccountGate | undefined
}

/**
 * One attempt of one delivery: render, sign, send, log the attempt, and move the delivery on —
 * succeeded, retried later, or failed for good (the endpoint disabled on 410 or after failing
 * everything for too long). `sent` (if given) is called as soon as the request's exchange is over
 * (or it could not be rendered), with its success, before the attempt is logged.
 */
export async function deliverOnce(
  ctx: { store: Store; sender: HttpSender; settings: DeliverySettings },
  delivery: DeliveryRecord,
  endpoint: EndpointRecord,
  event: EventRecord,
  trigger: AttemptTrigger,
  sent?: (success: boolean) => void,
): Promise<AttemptRecord> {
  const { store, sender, settings } = ctx
  const startedAt = Date.now()
  let request: SentRequest
  let result: SendResult
  const span = startAttemptSpan(settings.telemetry, delivery, endpoint, event)
  try {
    request = sendingRequest(settings.telemetry, span, renderRequest(endpoint, event, startedAt))
    result = await sender.send(request, endpoint.timeoutMs ?? settings.timeoutMs)
  } catch (error) {
    // A template that cannot be rendered fails this delivery, never the process.
    request = { method: endpoint.method, url: endpoint.url, headers: {}, body: null }
    result = { response: null, error: `Could not render the request: ${(error as Error).message}`, durationMs: 0, permanent: true }
  }
  const status = result.response?.status ?? null
  const success = status !== null && status >= 200 && status < 300
  sent?.(success)
  const attempt: AttemptRecord = {
    id: newId('att'),
    deliveryId: delivery.id,
    endpointId: endpoint.id,
    eventId: event.id,
    number: delivery.attempts + 1,
    trigger,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: result.durationMs,
    request,
    response: result.response,
    error: result.error ?? (success ? null : status !== null && status >= 300 && status < 400 ? `Redirect (${status}) not followed` : `HTTP ${status}`),
    success,
  }

  const now = Date.now()
  const health = trigger === 'test' ? null : judgeEndpoint(endpoint, success, status, attempt.startedAt, now, settings.disableAfterMs)

  const patch: DeliveryUpdate = { attempts: attempt.number, leaseUntil: null, lastStatusCode: status, lastError: attempt.error, nextTrigger: 'scheduled' }
  const delay = success || trigger !== 'scheduled' || health?.disabled || result.permanent
    ? null
    : nextRetryDelayMs({
        delaysSeconds: endpoint.retry?.delaysSeconds ?? settings.retryDelaysSeconds,
        retriesUsed: delivery.retriesUsed,
        jitter: settings.jitter,
        status,
        retryAfter: result.response?.headers['retry-after'],
        maxRetryAfterMs: settings.maxRetryAfterMs,
        nowMs: now,
      })
  if (success) Object.assign(patch, { status: 'succeeded', nextAttemptAt: null })
  else if (delay === null) Object.assign(patch, { status: 'failed', nextAttemptAt: null })
  else Object.assign(patch, { status: 'pending', nextAttemptAt: new Date(now + delay).toISOString(), retriesUsed: delivery.retriesUsed + 1 })
  attemptEnded(settings.telemetry, span, attempt, success ? 'succeeded' : patch.status === 'pending' ? 'retrying' : 'failed', event)
  if (health?.patch) await store.updateEndpoint(endpoint.id, health.patch)
  await store.recordAttempt(attempt, patch)

  if (health?.disabled && health.patch) await settings.operational?.endpointDisabled({ ...endpoint, ...health.patch }, health.patch.disabledReason ?? 'Disabled', health.patch.failingSince ?? null)
  if (patch.status === 'failed' && trigger === 'scheduled') await settings.operational?.deliveryFailed({ ...delivery, ...patch }, endpoint, event, attempt)

  if (patch.status === 'failed' && trigger === 'scheduled' && settings.onDeliveryFailed) {
    const info: DeliveryFailedInfo = { delivery: { ...delivery, ...patch }, endpoint: toPublicEndpoint(endpoint), event, lastAttempt: attempt }
    try {
      await settings.onDeliveryFailed(info)
    } catch (error) {
      settings.logError('callhook: onDeliveryFailed threw', error, { eventId: event.id, deliveryId: delivery.id, endpointId: endpoint.id, attempt: attempt.number })
    }
  }
  return attempt
}
