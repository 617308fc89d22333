import type { AttemptRecord, DeliveryRecord } from '../model/index.js'

/** A delivery as the API shows it: the stored record without the worker's bookkeeping. */
export type Delivery = Omit<DeliveryRecord, 'attempts' | 'retriesUsed' | 'nextTrigger' | 'leaseUntil'> & {
  attemptCount: number
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: AttemptRecord[]
}

export function toPublicDelivery(d: DeliveryRecord): Delivery {
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    endpointId: d.endpointId,
    accountId: d.accountId,
    status: d.status,
    attemptCount: d.attempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    orderingKey: d.orderingKey,
    heldBehind: d.heldBehind,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}
