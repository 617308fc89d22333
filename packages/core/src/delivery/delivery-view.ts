import type { AttemptRecord, DeliveryRecord, DeliveryStatus } from '../store/types.js'

/** A delivery as the API shows it. */
export interface Delivery {
  id: string
  eventId: string
  eventType: string
  endpointId: string
  accountId: string | null
  status: DeliveryStatus
  attemptCount: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  createdAt: string
  updatedAt: string
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
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  }
}
