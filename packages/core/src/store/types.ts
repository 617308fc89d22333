import type { AccountRecord, AttemptRecord, DeliveryRecord, DeliveryUpdate, EndpointRecord, EndpointUpdateRecord, EventRecord } from '../model/index.js'
import type { ClaimedDelivery, ClaimQuery, SharedBreakerSettings, DeliveryCounts, IdempotentReplay, InsertEventOptions, StaleEndpoints, ListDeliveriesQuery, ListEndpointsQuery, QueueStats, StatsBucket, StatsQuery } from './queries.js'

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
  /**
   * Enabled endpoints subscribed to `type` (or to '*', unless `type` is an operational event type:
   * see `isOperationalEventType`) whose accountId is null or equals `accountId`.
   */
  endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]>

  /**
   * Stores the event and its deliveries atomically. With `client` (a store-specific transaction
   * handle, e.g. a pg client inside the host's own transaction) it writes through that client, so
   * the event commits or rolls back with the host's own write; stores that cannot do that throw.
   * With `idempotency`, the key is claimed in the same transaction (a unique index: of two
   * concurrent inserts with one live key exactly one stores its event); when the key is already
   * taken and not expired, nothing is stored and the first event's `{ replayOf }` is returned.
   * A store that caches `endpointsForEvent` answers across processes may answer
   * `{ staleEndpoints: true }` instead (nothing stored): emit then reads the endpoints again.
   */
  insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options?: InsertEventOptions): Promise<IdempotentReplay | StaleEndpoints | void>
  getEvent(id: string): Promise<EventRecord | null>

  getDelivery(id: string): Promise<DeliveryRecord | null>
  listDeliveries(query: ListDeliveriesQuery): Promise<DeliveryRecord[]>
  countDeliveries(endpointId: string): Promise<DeliveryCounts>
  /**
   * Takes up to `limit` due, unleased, pending deliveries and leases them, earliest due first.
   * Fewer than `limit` means no more are claimable now (with shared limits, also: none behind
   * gates another process holds at this moment): the dispatcher claims again only when woken (an
   * emit, a finished attempt, a due time), not at once. A store may attach each delivery's event
   * and endpoint (saving the dispatcher a read each).
   */
  claimDueDeliveries(query: ClaimQuery): Promise<ClaimedDelivery[]>
  /**
   * True when a claim has no fixed cost of its own — no statement, transaction or round trip (the
   * memory store, an in-process queue; its subclasses inherit it). A busy dispatcher then claims
   * at every wake-up; otherwise (the default) it spaces its claims out so that each takes more
   * (see *Claims under load* in the README).
   */
  readonly cheapClaims?: boolean
  /** The earliest `nextAttemptAt` among pending deliveries (leased ones: their lease end), or null. */
  nextDueAt(): Promise<string | null>
  /**
   * The backlog at `now`: how many pending deliveries are due, and the earliest due time among
   * them. Answered from an index (metrics and /health call it often), never by loading rows.
   */
  queueStats(now: string): Promise<QueueStats>
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
   * The endpoint's attempts started in [from, to), grouped by the UTC hour or day they started in:
   * only buckets holding attempts, earliest first. Computed by the database (GROUP BY), never by
   * loading the attempts.
   */
  endpointStats(query: StatsQuery): Promise<StatsBucket[]>

  /**
   * Retention: deletes up to `limit` events older than `before` that have no pending delivery
   * (with their deliveries and attempts), up to `limit` attempts older than `before`, and up to
   * `limit` idempotency keys first used before `before`.
   * Returns how many rows went; callers repeat until it returns 0.
   */
  prune(query: { before: string; limit: number }): Promise<number>

  /** An account's settings (accountId null: no tenant), or null when nobody has changed them. */
  getAccount(accountId: string | null): Promise<AccountRecord | null>
  /** Writes an account's settings, replacing those stored (the null account included). */
  putAccount(account: AccountRecord): Promise<void>

  /**
   * Present on stores several processes share (PostgreSQL), which enforce each endpoint's rate
   * limit, concurrency cap and circuit breaker for all of them. The dispatcher calls it once with
   * its breaker settings (null: none); from then on its claims carry `limits` and honour the shared
   * state, a claimed delivery may carry a rate-limit `startAt`, and every scheduled or manual
   * attempt recorded counts towards the endpoint's shared circuit. Single-process stores leave it
   * out: the dispatcher's own in-process gates are exact there.
   */
  shareLimits?(breaker: SharedBreakerSettings | null): void

  /**
   * Wake-ups: calls `listener` when another process made work due (e.g. PostgreSQL NOTIFY).
   * Returns an unsubscribe function. Stores without cross-process signals leave it out.
   */
  onDue?(listener: () => void): () => void
}
