import { newId } from '../util/ids.js'
import type { EventRecord } from './event.js'

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed'
export type AttemptTrigger = 'scheduled' | 'manual' | 'test'

/** One event on its way to one endpoint. */
export interface DeliveryRecord {
  id: string
  eventId: string
  eventType: string
  endpointId: string
  accountId: string | null
  status: DeliveryStatus
  /** Attempts made so far, manual ones included. */
  attempts: number
  /** Automatic retries already used from the endpoint's retry schedule. */
  retriesUsed: number
  /** When the next attempt is due; null once the delivery is final. */
  nextAttemptAt: string | null
  /** What starts the next attempt: a manual redelivery gets one attempt and no automatic retries. */
  nextTrigger: AttemptTrigger
  /** A worker holds it until then (ISO); null when nobody does. */
  leaseUntil: string | null
  lastStatusCode: number | null
  lastError: string | null
  /**
   * On an ordered endpoint: the key it is ordered by (the emit's `orderingKey`, default the event
   * data's `id`). It is not attempted while an earlier delivery with the same key to the same
   * endpoint is pending. Null when the endpoint was not ordered at emit (or the event had no key).
   */
  orderingKey: string | null
  /** The earlier same-key delivery this one waited for (still pending when this one fell due); null if it never waited. */
  heldBehind: string | null
  createdAt: string
  updatedAt: string
}

/** The fields of a delivery a worker moves on. */
export type DeliveryUpdate = Partial<Pick<DeliveryRecord, 'status' | 'attempts' | 'retriesUsed' | 'nextAttemptAt' | 'nextTrigger' | 'leaseUntil' | 'lastStatusCode' | 'lastError'>>

/** A new pending delivery of the event to one endpoint, due at `nextAttemptAt`. */
export function newDelivery(event: EventRecord, endpointId: string, now: string, nextAttemptAt: string | null = now, orderingKey: string | null = null): DeliveryRecord {
  return {
    id: newId('dlv'),
    eventId: event.id,
    eventType: event.type,
    endpointId,
    accountId: event.accountId,
    status: 'pending',
    attempts: 0,
    retriesUsed: 0,
    nextAttemptAt,
    nextTrigger: 'scheduled',
    leaseUntil: null,
    lastStatusCode: null,
    lastError: null,
    orderingKey,
    heldBehind: null,
    createdAt: now,
    updatedAt: now,
  }
}
