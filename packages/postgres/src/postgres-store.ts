import pg from 'pg'
import {
  CallhookError, type AccountRecord, type AttemptRecord, type ClaimedDelivery, type ClaimQuery, type DeliveryCounts, type DeliveryRecord, type DeliveryUpdate, type EndpointRecord,
  type EndpointUpdateRecord, type EventRecord, type IdempotentReplay, type InsertEventOptions, type StaleEndpoints, type ListDeliveriesQuery, type ListEndpointsQuery, type QueueStats,
  type SharedBreakerSettings, type StatsBucket, type StatsQuery, type Store,
} from '@callhook/core'
import { readAccount, writeAccount } from './account-sql.js'
import { loggedAttempt, loggedAttempts, recordAttempt } from './attempt-sql.js'
import { ClaimFunction } from './claim-function.js'
import { claimSimple, nextDueSql } from './claim-sql.js'
import * as endpointSql from './endpoint-sql.js'
import { migrate, quoteIdent } from './migrate.js'
import { byClaimOrder, fromDelivery, isoTime, toAttempt, toDelivery, toEvent, type AttemptRow, type DeliveryRow, type EventRow } from '@callhook/core/store-kit'
import { deliverySet, fromEventJson, type EventJson } from './rows.js'
import { queueStats } from './queue-sql.js'
import { prune } from './prune-sql.js'
import { endpointStats } from './stats-sql.js'
import { insertEvent, plainEmits } from './insert-event-sql.js'
import { EndpointCache } from './endpoint-cache.js'
import { inTransaction, isPgClient } from './transaction.js'
import { preparing, workPool, type Db } from './db.js'
import { WakeListener } from './wake-listener.js'
import { idleConnectionLost } from './idle-connection-lost.js'
import type { PostgresStoreOptions } from './store-options.js'

/**
 * The store for many processes and machines on one PostgreSQL: claims with FOR UPDATE SKIP
 * LOCKED and a lease (a worker killed mid-send has its work taken over when the lease ends),
 * LISTEN/NOTIFY wake-ups, numbered migrations, and emit inside the host's own transaction.
 */
export class PostgresStore implements Store {
  readonly durable = true
  readonly schema: string
  readonly pool: pg.Pool
  /** Claims and attempt logs, on connections set up for them (see workPool in db.ts). */
  readonly #workPool: pg.Pool
  /** The two pools, running prepared statements (unless turned off). */
  readonly #db: Db
  readonly #work: Db
  readonly #prepared: boolean
  readonly #endpoints = new EndpointCache()
  readonly #ownsPool: boolean
  readonly #s: string
  readonly #channel: string
  readonly #listener: WakeListener
  /** Emits with neither an idempotency key nor a host transaction, and attempt logs that cannot open a shared circuit: written together (group-commit.ts). */
  readonly #plainEmits
  readonly #attempts
  readonly #claim: ClaimFunction
  /** Set by shareLimits(): the circuit every process shares (undefined: limits are not shared). */
  #breaker: SharedBreakerSettings | null | undefined

  constructor(options: PostgresStoreOptions = {}) {
    this.schema = options.schema ?? 'callhook'
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(this.schema)) throw new CallhookError('misconfigured', `PostgresStore: schema "${this.schema}" must be a plain identifier (letters, digits, _)`)
    const connectionString = options.connectionString ?? process.env.DATABASE_URL
    if (!options.pool && !connectionString) throw new CallhookError('misconfigured', 'PostgresStore needs a connection: { connectionString }, { pool }, or DATABASE_URL')
    this.pool = options.pool ?? new pg.Pool({ connectionString, max: options.poolSize ?? 10 })
    this.#ownsPool = !options.pool
    this.#prepared = options.preparedStatements ?? true
    this.#workPool = options.pool ?? workPool(connectionString!, options.poolSize ?? 10, this.#prepared)
    this.#db = preparing(this.pool, this.#prepared)
    this.#work = preparing(this.#workPool, this.#prepared)
    this.#s = quoteIdent(this.schema)
    this.#channel = `callhook_${this.schema}`
    const clientConfig: pg.ClientConfig = options.pool ? (options.pool as unknown as { options: pg.ClientConfig }).options : { connectionString }
    const logError = options.logError ?? ((m, e) => console.error(m, e))
    this.#listener = new WakeListener(clientConfig, this.#channel, logError)
    this.#plainEmits = plainEmits(this.#db, this.#s, this.#channel)
    this.#attempts = loggedAttempts(this.#work, this.#s, () => this.#breaker)
    this.#claim = new ClaimFunction(this.pool, this.schema)
    // An idle pooled connection that dies (server restarted, network cut) emits 'error' on the
    // pool; unheard, Node ends the process. The pool replaces it on next use; queries meanwhile fail.
    if (this.#ownsPool) for (const pool of [this.pool, this.#workPool]) pool.on('error', idleConnectionLost(logError))
  }

  /** Applies pending migrations (safe when several processes start at once). */
  async init(): Promise<void> {
    await migrate(this.pool, this.schema)
    await this.#claim.ensure()
  }

  async close(): Promise<void> {
    await Promise.all([this.#listener.close(), this.#plainEmits.drained(), this.#attempts.drained()])
    if (this.#ownsPool) await Promise.all([this.pool.end(), this.#workPool.end()])
  }

  /** Rate limit, concurrency cap and circuit breaker per endpoint, for every process: see claim-function.ts. */
  shareLimits(breaker: SharedBreakerSettings | null): void {
    this.#breaker = breaker
  }

  onDue(listener: () => void): () => void {
    return this.#listener.subscribe(listener)
  }

  getAccount(accountId: string | null): Promise<AccountRecord | null> { return readAccount(this.#db, this.#s, accountId) }
  putAccount(account: AccountRecord): Promise<void> { return writeAccount(this.#db, this.#s, account) }

  // After an endpoint write the cache is dropped: this process's own changes show at once; other processes' are caught by the emit's check.
  insertEndpoint(e: EndpointRecord): Promise<void> {
    return endpointSql.insert(this.#db, this.#s, e).finally(() => this.#endpoints.clear())
  }

  getEndpoint(id: string): Promise<EndpointRecord | null> {
    return endpointSql.get(this.#db, this.#s, id)
  }

  listEndpoints(q: ListEndpointsQuery): Promise<EndpointRecord[]> {
    return endpointSql.list(this.#db, this.#s, q)
  }

  updateEndpoint(id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null> {
    return inTransaction(this.pool, (client) => endpointSql.update(preparing(client, this.#prepared), this.#s, id, patch)).finally(() => this.#endpoints.clear())
  }

  deleteEndpoint(id: string): Promise<boolean> {
    return endpointSql.remove(this.#db, this.#s, id).finally(() => this.#endpoints.clear())
  }

  /** From the cache (see endpoint-cache.ts): the emit's insert checks the answer is still current. */
  endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]> {
    return this.#endpoints.forEvent(type, accountId, () => endpointSql.forEvent(this.#db, this.#s, type, accountId))
  }

  /** One statement (event, deliveries, idempotency key, NOTIFY delivered at commit), shared by plain emits made meanwhile: one round trip. */
  async insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options: InsertEventOptions = {}): Promise<IdempotentReplay | StaleEndpoints | void> {
    if (options.client !== undefined && !isPgClient(options.client)) {
      throw new CallhookError('misconfigured', 'emit({ client }): client must be a pg client (pool.connect()) inside your transaction')
    }
    const version = this.#endpoints.versionOf(options.endpoints)
    const stored = options.client === undefined && !options.idempotency
      ? await this.#plainEmits.add({ event, deliveries, endpointVersion: version })
      : await insertEvent(options.client ? preparing(options.client as pg.PoolClient, this.#prepared) : this.#db, this.#s, this.#channel, event, deliveries, options.idempotency, version)
    if (stored && 'staleEndpoints' in stored) this.#endpoints.clear()
    return stored
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const { rows } = await this.#db.query<EventRow>(`SELECT * FROM ${this.#s}.events WHERE id = $1`, [id])
    return rows[0] ? toEvent(rows[0]) : null
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const { rows } = await this.#db.query<DeliveryRow>(`SELECT * FROM ${this.#s}.deliveries WHERE id = $1`, [id])
    return rows[0] ? toDelivery(rows[0]) : null
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    const { rows } = await this.#db.query<DeliveryRow>(
      `SELECT * FROM ${this.#s}.deliveries WHERE ($1::text IS NULL OR endpoint_id = $1) AND ($2::text IS NULL OR event_id = $2)
       AND ($3::text IS NULL OR status = $3) AND ($4::timestamptz IS NULL OR created_at >= $4) AND ($5::timestamptz IS NULL OR created_at < $5)
       AND ($6::text IS NULL OR id < $6) ORDER BY id DESC LIMIT $7`,
      [q.endpointId ?? null, q.eventId ?? null, q.status ?? null, q.from ?? null, q.to ?? null, q.before ?? null, q.limit],
    )
    return rows.map(toDelivery)
  }

  async countDeliveries(endpointId: string): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0 }
    const { rows } = await this.#db.query(`SELECT status, count(*)::int AS n FROM ${this.#s}.deliveries WHERE endpoint_id = $1 GROUP BY status`, [endpointId])
    for (const r of rows) counts[r.status as keyof DeliveryCounts] = r.n
    return counts
  }

  /** Due head-of-key deliveries, leased, with their event and endpoint (and, with shared limits, only what the limits allow). */
  async claimDueDeliveries(q: ClaimQuery): Promise<ClaimedDelivery[]> {
    const rows = q.limits ? await this.#claim.claim(this.#work, { ...q, limits: q.limits }) : await claimSimple(this.#work, this.#s, q)
    return rows
      .map(({ start_at, ...row }): ClaimedDelivery => ({
        ...toDelivery(row), event: row.event_row ? fromEventJson(row.event_row) : null, endpoint: row.endpoint_record, startAt: start_at ? isoTime(start_at) : null,
      }))
      .sort(byClaimOrder)
  }

  /** The earliest unleased due time (of a delivery not waiting behind its key), and the earliest lease end. */
  async nextDueAt(): Promise<string | null> {
    const { rows } = await this.#work.query(nextDueSql(this.#s))
    return rows[0]?.next ? (rows[0].next as Date).toISOString() : null
  }

  queueStats(now: string): Promise<QueueStats> {
    return queueStats(this.#db, this.#s, now)
  }

  async updateDelivery(id: string, patch: DeliveryUpdate): Promise<DeliveryRecord | null> {
    const { sql, values } = deliverySet(patch, 2)
    const { rows } = await this.#db.query<DeliveryRow>(
      `UPDATE ${this.#s}.deliveries SET ${sql ? `${sql}, ` : ''}updated_at = $2 WHERE id = $1 RETURNING *`,
      [id, new Date().toISOString(), ...values],
    )
    if (rows[0] && patch.nextAttemptAt) await this.#notify()
    return rows[0] ? toDelivery(rows[0]) : null
  }

  /** The attempt, the delivery moved on and the shared circuit, in one statement (nothing if the delivery is gone). */
  recordAttempt(a: AttemptRecord, patch: DeliveryUpdate): Promise<void> {
    const moved = this.#breaker && a.trigger !== 'test'
    if (moved && !a.success) return recordAttempt(this.#work, this.#s, this.#breaker, a, patch)
    return this.#attempts.add(loggedAttempt(a, patch, Boolean(moved)))
  }

  async requeueFailed(endpointId: string, since: string, now: string): Promise<number> {
    const result = await this.#db.query(
      `UPDATE ${this.#s}.deliveries SET status = 'pending', next_attempt_at = $3, next_trigger = 'manual', lease_until = NULL, updated_at = $3
       WHERE endpoint_id = $1 AND status = 'failed' AND created_at >= $2`,
      [endpointId, since, now],
    )
    if (result.rowCount) await this.#notify()
    return result.rowCount ?? 0
  }

  async listAttempts(deliveryId: string): Promise<AttemptRecord[]> {
    const { rows } = await this.#db.query<AttemptRow>(`SELECT * FROM ${this.#s}.attempts WHERE delivery_id = $1 ORDER BY number, id`, [deliveryId])
    return rows.map(toAttempt)
  }

  async recentAttempts(endpointId: string, limit: number): Promise<AttemptRecord[]> {
    const { rows } = await this.#db.query<AttemptRow>(`SELECT * FROM ${this.#s}.attempts WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2`, [endpointId, limit])
    return rows.map(toAttempt)
  }

  endpointStats(query: StatsQuery): Promise<StatsBucket[]> {
    return endpointStats(this.#db, this.#s, query)
  }

  prune(query: { before: string; limit: number }): Promise<number> {
    return prune(this.#db, this.#s, query)
  }

  async #notify(): Promise<void> {
    await this.#db.query('SELECT pg_notify($1, $2)', [this.#channel, ''])
  }
}
