import type { ClaimedDelivery } from '../store/queries.js'
import type { Store } from '../store/types.js'
import type { CircuitBreakers } from './circuit-breaker.js'
import { deliverOnce, type DeliverySettings } from './deliver-once.js'
import type { HttpSender } from './http-sender.js'
import type { RateSlots } from './rate-slots.js'

export interface ClaimedContext {
  readonly store: Store
  readonly sender: HttpSender
  readonly settings: DeliverySettings
  readonly rateSlots: RateSlots
  readonly breakers: CircuitBreakers | null
}

/**
 * One claimed delivery: what the claim did not bring (its endpoint, its event) is loaded; a
 * disabled endpoint or an account that is off fails it unsent; it waits for its rate-limit slot;
 * then one attempt. `sent` is called once its request is no longer on the wire — the exchange
 * ended — while the attempt may still be being logged. An error is logged here: the lease runs out
 * and the delivery is taken again (at-least-once). The circuit breaker hears each attempt's
 * outcome (an answer, or a request that could not be rendered or sent) as its exchange ends, before
 * its log — which may then fail; a `probe` (its token from `breakers.started`) that ended before
 * its attempt is abandoned, so the next attempt may probe.
 */
export async function sendClaimed(ctx: ClaimedContext, claimed: ClaimedDelivery, probe: number | null, sent: () => void): Promise<void> {
  const { store, settings, rateSlots, breakers } = ctx
  const { event: _event, endpoint: _endpoint, startAt: _startAt, ...delivery } = claimed
  let exchanged = false
  let recovered = false // a success closed a circuit that had opened
  try {
    const [endpoint, event] = await Promise.all([
      claimed.endpoint !== undefined ? claimed.endpoint : store.getEndpoint(delivery.endpointId),
      claimed.event !== undefined ? claimed.event : store.getEvent(delivery.eventId),
    ])
    if (!endpoint || !event) return // deleted meanwhile; its deliveries went with it
    if (!endpoint.enabled) {
      await store.updateDelivery(delivery.id, {
        status: 'failed', nextAttemptAt: null, leaseUntil: null,
        lastError: `Endpoint disabled${endpoint.disabledReason ? `: ${endpoint.disabledReason}` : ''}; redeliver or replay after enabling it`,
      })
      return
    }
    const accountOff = await settings.accounts?.refusal(endpoint)
    if (accountOff) return void (await store.updateDelivery(delivery.id, { status: 'failed', nextAttemptAt: null, leaseUntil: null, lastError: accountOff }))
    if (!(await rateSlots.wait(claimed, endpoint.id, endpoint.rateLimitPerSecond))) return
    const attempt = await deliverOnce(ctx, delivery, endpoint, event, delivery.nextTrigger, (success) => {
      exchanged = true
      recovered = breakers?.finished(endpoint.id, success, Date.now(), probe) ?? false
      sent()
    })
    if (recovered) await settings.operational?.endpointRecovered(endpoint, endpoint.failingSince, attempt.startedAt)
  } catch (error) {
    const fields = { eventId: delivery.eventId, deliveryId: delivery.id, endpointId: delivery.endpointId, attempt: delivery.attempts + 1 }
    settings.logError('callhook: a delivery could not be processed; it will be retried when its lease ends', error, fields)
  } finally {
    if (!exchanged && probe !== null) breakers?.abandoned(delivery.endpointId, probe)
  }
}
