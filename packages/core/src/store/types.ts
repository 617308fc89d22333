import type { EndpointRecord } from '../endpoints/endpoint.js'

/** An event as stored and as the JSON envelope carries it. */
export interface EventRecord {
  id: string
  type: string
  /** When it happened (ISO 8601). */
  timestamp: string
  accountId: string | null
  data: Record<string, unknown>
}

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
  createdAt: string
  updatedAt: string
}

export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface ReceivedResponse {
  status: number
  headers: Record<string, string>
  /** The body as text, cut at 64 KiB. */
  body: string
  bodyTruncated: boolean
}

/** One HTTP attempt of a delivery: what was sent, what came back. */
export interface AttemptRecord {
  id: string
  deliveryId: string
  endpointId: string
  eventId: string
  /** 1 for the first attempt of the delivery. */
  number: number
  trigger: AttemptTrigger
  startedAt: string
  durationMs: number
  request: SentRequest
  response: ReceivedResponse | null
  error: string | null
  success: boolean
}

/** A claimed delivery, possibly with its event and endpoint read in the same round trip. */
export interface ClaimedDelivery extends DeliveryRecord {
  event?: EventRecord | null
  endpoint?: EndpointRecord | null
}

export interface DeliveryCounts {
  pending: number
  succeeded: number
  failed: number
}

export interface ListEndpointsQuery {
  /** Only this tenant's endpoints; undefined lists every endpoint. */
  accountId?: string | undefined
  limit: number
  /** Endpoints whose id sorts after this one (ascending order). */
  after?: string | undefined
}

export interface ListDeliveriesQuery {
  endpointId?: string | undefined
  eventId?: string | undefined
  status?: DeliveryStatus | undefined
  /** createdAt >= from (ISO) */
  from?: string | undefined
  /** createdAt < to (ISO) */
  to?: string | undefined
  limit: number
  /** Deliveries whose id sorts before this one (newest first). */
  before?: string | undefined
}

export interface ClaimQuery {
  /** Deliveries due at or before this moment (ISO). */
  now: string
  limit: number
  /** The claim holds until then (ISO); after that another worker may take the delivery. */
  leaseUntil: string
  /** Endpoints this worker cannot take more work for right now. */
  excludeEndpointIds: readonly string[]
}

export type DeliveryUpdate = Partial<Pick<DeliveryRecord, 'status' | 'attempts' | 'retriesUsed' | 'nextAttemptAt' | 'nextTrigger' | 'leaseUntil' | 'lastStatusCode' | 'lastError'>>
export type EndpointUpdateRecord = Partial<Omit<EndpointRecord, 'id' | 'createdAt' | 'accountId'>>

/**
 * Where callhook keeps endpoints, events, deliveries and attempts. One interface, run against the
 * contract suite in `@callhook/core/testing` by every implementation (memory, sqlite, postgres).
 * Times are ISO 8601 strings in UTC.
 */
export interface Store {
  /** Called once before first use (migrations, connections). */
  init?(): Promise<void>
  /** Releases connections and timers. */
  close?(): Promise<void>

  insertEndpoint(endpoint: EndpointRecord): Promise<void>
  getEndpoint(id: string): Promise<EndpointRecord | null>
  listEndpoints(query: ListEndpointsQuery): Promise<EndpointRecord[]>
  /** Applies the patch (and `updatedAt`), returns the new record, or null if it does not exist. */
  updateEndpoint(id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null>
  /** Deletes the endpoint with its deliveries and attempts. */
  deleteEndpoint(id: string): Promise<boolean>
  /** Enabled endpoints subscribed to `type` (or '*') whose accountId is null or equals `accountId`. */
  endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]>

  /**
   * Stores the event and its deliveries atomically. With `client` (a store-specific transaction
   * handle, e.g. a pg client inside the host's own transaction) it writes through that client, so
   * the event commits or rolls back with the host's own write; stores that cannot do that throw.
   */
  insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options?: InsertEventOptions): Promise<void>
  getEvent(id: string): Promise<EventRecord | null>

  getDelivery(id: string): Promise<DeliveryRecord | null>
  listDeliveries(query: ListDeliveriesQuery): Promise<DeliveryRecord[]>
  countDeliveries(endpointId: string): Promise<DeliveryCounts>
  /**
   * Takes up to `limit` due, unleased, pending deliveries and leases them, earliest due first.
   * A store may attach each delivery's event and endpoint (saving the dispatcher a read each).
   */
  claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]>
  /** The earliest `nextAttemptAt` among pending deliveries (leased ones: their lease end), or null. */
  nextDueAt(): Promise<string | null>
  updateDelivery(id: string, patch: DeliveryUpdate): Promise<DeliveryRecord | null>
  /** Stores the attempt and applies the delivery update, atomically. */
  recordAttempt(attempt: AttemptRecord, patch: DeliveryUpdate): Promise<void>
  /** Makes the endpoint's failed deliveries created at or after `since` pending again, due now. */
  requeueFailed(endpointId: string, since: string, now: string): Promise<number>

  /** A delivery's attempts, first to last. */
  listAttempts(deliveryId: string): Promise<AttemptRecord[]>
  /** An endpoint's latest attempts, newest first. */
  recentAttempts(endpointId: string, limit: number): Promise<AttemptRecord[]>

  /**
   * Retention: deletes up to `limit` events older than `before` that have no pending delivery
   * (with their deliveries and attempts), and up to `limit` attempts older than `before`.
   * Returns how many rows went; callers repeat until it returns 0.
   */
  prune(query: { before: string; limit: number }): Promise<number>

  /**
   * Wake-ups: calls `listener` when another process made work due (e.g. PostgreSQL NOTIFY).
   * Returns an unsubscribe function. Stores without cross-process signals leave it out.
   */
  onDue?(listener: () => void): () => void
}

export interface InsertEventOptions {
  /** A transaction handle of the store's own kind (PostgreSQL: a pg client inside BEGIN). */
  client?: unknown
}
