import type { EndpointRecord, EventRecord, DeliveryRecord, DeliveryStatus } from '../model/index.js'

/** A claimed delivery, possibly with its event and endpoint read in the same round trip. */
export interface ClaimedDelivery extends DeliveryRecord {
  event?: EventRecord | null
  endpoint?: EndpointRecord | null
  /** The endpoint's rate-limit slot a store with shared limits reserved for it: do not start before (ISO). */
  startAt?: string | null
}

/** Circuit breaker settings, as the dispatcher hands them to a store that shares limits. */
export interface SharedBreakerSettings {
  readonly failureThreshold: number
  readonly cooldownMs: number
  readonly maxCooldownMs: number
}

/** What a dispatcher asks of a store that enforces limits for every process sharing it. */
export interface ClaimLimits {
  /** Attempts in flight to one endpoint at once, counted across every process (live leases). */
  perEndpoint: number
  /** How far ahead of `now` a rate-limit slot may be reserved, in ms. */
  slotHorizonMs: number
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
  /** Set for stores with `shareLimits`: the limits the claim enforces across processes. */
  limits?: ClaimLimits | undefined
}

export interface InsertEventOptions {
  /** A transaction handle of the store's own kind (PostgreSQL: a pg client inside BEGIN). */
  client?: unknown
  /**
   * Store the event only if this key is not already taken: the key is claimed in the same
   * transaction as the event, through a unique index (never check-then-insert).
   */
  idempotency?: IdempotencyClaim | undefined
  /**
   * The answer of `endpointsForEvent` (the very array) the deliveries were worked out from: a store
   * that caches answers checks, as it stores the event, that this one is still current.
   */
  endpoints?: readonly EndpointRecord[] | undefined
}

/** An idempotency key to claim with an event. */
export interface IdempotencyClaim {
  /** The caller's key (1–255 printable ASCII characters). */
  key: string
  /** Keys are per tenant: the same key of two accounts (or of an account and of none) are two keys. */
  accountId: string | null
  /** A key first used before this moment (ISO) has expired: it is taken over by this event. */
  expiredBefore: string
}

/** insertEvent's answer when the key was already taken: the first event's id and delivery count; nothing was stored. */
export interface IdempotentReplay {
  replayOf: { eventId: string; deliveries: number }
}

/**
 * insertEvent's answer when the deliveries were worked out from endpoints a store keeps between
 * calls (a cache) and the endpoints changed since: nothing was stored, the cache is dropped, and
 * emit asks `endpointsForEvent` again.
 */
export interface StaleEndpoints {
  staleEndpoints: true
}

/** The width of a stats bucket: a UTC hour or a UTC day. */
export type StatsBucketSize = 'hour' | 'day'

export interface StatsQuery {
  endpointId: string
  /** Attempts started at or after this moment (ISO). */
  from: string
  /** Attempts started before this moment (ISO). */
  to: string
  bucket: StatsBucketSize
}

/** An endpoint's attempts in one hour or day. */
export interface StatsBucket {
  /** Where the bucket begins: the UTC hour or day (ISO), which may lie before the query's `from`. */
  start: string
  succeeded: number
  failed: number
  /** Median attempt duration (continuous percentile, as PostgreSQL's percentile_cont), to 0.1 ms; null for no attempts. */
  p50Ms: number | null
  /** 95th percentile attempt duration, likewise. */
  p95Ms: number | null
}

/** The backlog: deliveries due now and how long the oldest of them has waited. */
export interface QueueStats {
  /** Pending deliveries due at or before `now` (leased ones included: due, not yet done). */
  depth: number
  /** The earliest `nextAttemptAt` among them, or null when none is due. */
  oldestDueAt: string | null
}
