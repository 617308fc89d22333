import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import {
  CallhookError, type AccountRecord, type AttemptRecord, type ClaimQuery, type DeliveryCounts, type DeliveryRecord, type DeliveryUpdate, type EndpointRecord,
  type EndpointUpdateRecord, type EventRecord, type IdempotentReplay, type InsertEventOptions, type ListDeliveriesQuery, type ListEndpointsQuery, type QueueStats, type StatsBucket, type StatsQuery, type Store,
} from '@callhook/core'
import { readAccount, writeAccount } from './account-sql.js'
import * as endpoints from './endpoint-sql.js'
import { claimKey } from './idempotency-sql.js'
import { FileGuard } from './file-guard.js'
import { EndpointCache } from './endpoint-cache.js'
import { CLAIM_SQL, NEXT_DUE_SQL } from './claim-sql.js'
import { migrations } from './migrations.js'
import {
  byClaimOrder, fromDelivery, toAttempt, toDelivery, toEvent, toStatsBucket, type AttemptRow, type DeliveryRow, type EventRow, type StatsRow,
} from '@callhook/core/store-kit'
import { deliverySet, fromAttempt } from './rows.js'
import { QUEUE_STATS_SQL } from './queue-sql.js'
import { ENDPOINT_STATS_SQL } from './stats-sql.js'

export interface SqliteStoreOptions {
  /**
   * The database file (created with its folder), or ':memory:'.
   * @default '.data/callhook.db'
   */
  filename?: string
}

/**
 * The embedded durable store: one SQLite file in WAL mode, for a single process. Every write is
 * committed before the call resolves, so a process killed at any moment loses no emitted event;
 * on restart the leases it held are released and every due delivery is sent. One process per
 * file — several processes (or machines) share @callhook/postgres instead.
 */
export class SqliteStore implements Store {
  readonly durable = true
  readonly filename: string
  #db: Database.Database | undefined
  #file: FileGuard | undefined

  constructor(options: SqliteStoreOptions = {}) {
    this.filename = options.filename ?? '.data/callhook.db'
  }

  async init(): Promise<void> {
    if (this.#db) return
    if (this.filename !== ':memory:') mkdirSync(dirname(this.filename), { recursive: true })
    const db = new Database(this.filename)
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL') // with WAL: a killed process loses nothing; an OS crash may lose the last commits
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    const version = db.pragma('user_version', { simple: true }) as number
    for (let i = version; i < migrations.length; i++) {
      db.transaction(() => {
        db.exec(migrations[i]!)
        db.pragma(`user_version = ${i + 1}`)
      })()
    }
    // This process owns the file: leases held by a previous, killed process end now.
    db.prepare('UPDATE deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL').run()
    this.#file = new FileGuard(this.filename)
    this.#db = db
  }

  async close(): Promise<void> {
    this.#file = undefined
    this.#statements.clear()
    this.#endpoints.clear()
    this.#db?.close()
    this.#db = undefined
  }

  readonly #endpoints = new EndpointCache()

  /** Prepared once per SQL text: better-sqlite3 compiles on prepare, and these run per delivery. */
  readonly #statements = new Map<string, Database.Statement>()

  #sql(sql: string): Database.Statement {
    this.#file?.check() // every statement, read or write, refuses a file removed or replaced under us
    let statement = this.#statements.get(sql)
    if (!statement) {
      statement = this.#d.prepare(sql)
      this.#statements.set(sql, statement)
    }
    return statement
  }

  /** `#sql` as a function, for the statement modules. */
  readonly #sqlOf = (text: string): Database.Statement => this.#sql(text)

  get #d(): Database.Database {
    if (!this.#db) throw new CallhookError('misconfigured', 'SqliteStore used before init() (createWebhooks calls it for you)')
    return this.#db
  }

  async getAccount(accountId: string | null): Promise<AccountRecord | null> { return readAccount((text) => this.#sql(text), accountId) }
  async putAccount(account: AccountRecord): Promise<void> { writeAccount((text) => this.#sql(text), account) }

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    this.#d.transaction(() => endpoints.insert(this.#sqlOf, endpoint))()
    this.#endpoints.clear()
  }

  async getEndpoint(id: string): Promise<EndpointRecord | null> {
    return this.#endpoints.byId(id, () => endpoints.get(this.#sqlOf, id))
  }

  async listEndpoints(q: ListEndpointsQuery): Promise<EndpointRecord[]> {
    return endpoints.list(this.#sqlOf, q)
  }

  async updateEndpoint(id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null> {
    this.#endpoints.clear()
    return this.#d.transaction(() => endpoints.update(this.#sqlOf, id, patch))()
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    this.#endpoints.clear()
    return endpoints.remove(this.#sqlOf, id)
  }

  async endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]> {
    return this.#endpoints.forEvent(type, accountId, () => endpoints.forEvent(this.#sqlOf, type, accountId))
  }

  async insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options: InsertEventOptions = {}): Promise<IdempotentReplay | void> {
    if (options.client !== undefined) throw new CallhookError('misconfigured', 'emit({ client }) writes inside your database transaction; it needs @callhook/postgres')
    const insertDelivery = this.#sql(`INSERT INTO deliveries VALUES (@id, @event_id, @event_type, @endpoint_id, @account_id, @status, @attempts, @retries_used,
      @next_attempt_at, @next_trigger, @lease_until, @last_status_code, @last_error, @created_at, @updated_at, @ordering_key, @held_behind)`)
    const claim = options.idempotency
    return this.#d.transaction((): IdempotentReplay | void => {
      const replay = claim ? claimKey(this.#sqlOf, claim, event.id, deliveries.length, event.timestamp) : null
      if (replay) return replay
      this.#sql('INSERT INTO events (id, type, timestamp, account_id, data, traceparent) VALUES (?, ?, ?, ?, ?, ?)').run(event.id, event.type, event.timestamp, event.accountId, JSON.stringify(event.data), event.traceparent ?? null)
      for (const d of deliveries) insertDelivery.run(fromDelivery(d))
    })()
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const row = this.#sql('SELECT * FROM events WHERE id = ?').get(id) as EventRow | undefined
    return row ? toEvent(row) : null
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const row = this.#sql('SELECT * FROM deliveries WHERE id = ?').get(id) as DeliveryRow | undefined
    return row ? toDelivery(row) : null
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    const rows = this.#sql(`SELECT * FROM deliveries WHERE (@endpoint IS NULL OR endpoint_id = @endpoint) AND (@event IS NULL OR event_id = @event)
                AND (@status IS NULL OR status = @status) AND (@from IS NULL OR created_at >= @from) AND (@to IS NULL OR created_at < @to)
                AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit`)
      .all({ endpoint: q.endpointId ?? null, event: q.eventId ?? null, status: q.status ?? null, from: q.from ?? null, to: q.to ?? null, before: q.before ?? null, limit: q.limit }) as DeliveryRow[]
    return rows.map(toDelivery)
  }

  async countDeliveries(endpointId: string): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0 }
    const rows = this.#sql('SELECT status, COUNT(*) AS n FROM deliveries WHERE endpoint_id = ? GROUP BY status').all(endpointId) as Array<{ status: keyof DeliveryCounts; n: number }>
    for (const r of rows) counts[r.status] = r.n
    return counts
  }

  async claimDueDeliveries(q: ClaimQuery): Promise<DeliveryRecord[]> {
    const rows = this.#sql(CLAIM_SQL)
      .all({ leaseUntil: q.leaseUntil, now: q.now, excluded: JSON.stringify(q.excludeEndpointIds), limit: q.limit }) as DeliveryRow[]
    return rows.map(toDelivery).sort(byClaimOrder)
  }

  /** The earliest unleased due time (of a delivery not waiting behind its key), and the earliest lease end. */
  async nextDueAt(): Promise<string | null> {
    const due = this.#sql(NEXT_DUE_SQL).get() as { at: string } | undefined
    const lease = this.#sql(`SELECT min(lease_until) AS at FROM deliveries WHERE status = 'pending' AND lease_until IS NOT NULL`).get() as { at: string | null }
    const candidates = [due?.at, lease.at].filter((at): at is string => typeof at === 'string')
    return candidates.length ? candidates.sort()[0]! : null
  }

  async queueStats(now: string): Promise<QueueStats> {
    const row = this.#sql(QUEUE_STATS_SQL).get(now) as { depth: number; oldest: string | null }
    return { depth: row.depth, oldestDueAt: row.oldest }
  }

  async updateDelivery(id: string, patch: DeliveryUpdate): Promise<DeliveryRecord | null> {
    const { sql, params } = deliverySet(patch)
    const row = this.#sql(`UPDATE deliveries SET ${sql ? `${sql}, ` : ''}updated_at = @updated_at WHERE id = @id RETURNING *`)
      .get({ ...params, updated_at: new Date().toISOString(), id }) as DeliveryRow | undefined
    return row ? toDelivery(row) : null
  }

  /**
   * Attempts finishing in the same turn of the event loop are written in one transaction (a group
   * commit); each call resolves once its attempt is committed.
   */
  recordAttempt(attempt: AttemptRecord, patch: DeliveryUpdate): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#pendingAttempts.push({ attempt, patch, resolve, reject })
      if (this.#pendingAttempts.length === 1) setImmediate(() => this.#flushAttempts())
    })
  }

  readonly #pendingAttempts: Array<{ attempt: AttemptRecord; patch: DeliveryUpdate; resolve: () => void; reject: (error: unknown) => void }> = []

  #flushAttempts(): void {
    const batch = this.#pendingAttempts.splice(0)
    try {
        this.#d.transaction(() => {
        for (const { attempt, patch } of batch) {
          if (!this.#sql('SELECT 1 FROM deliveries WHERE id = ?').get(attempt.deliveryId)) continue // deleted with its endpoint meanwhile
          this.#sql('INSERT INTO attempts VALUES (@id, @delivery_id, @endpoint_id, @event_id, @number, @trigger, @started_at, @duration_ms, @request, @response, @error, @success)').run(fromAttempt(attempt))
          const { sql, params } = deliverySet(patch)
          this.#sql(`UPDATE deliveries SET ${sql ? `${sql}, ` : ''}updated_at = @updated_at WHERE id = @id`).run({ ...params, updated_at: new Date().toISOString(), id: attempt.deliveryId })
        }
      })()
      for (const item of batch) item.resolve()
    } catch (error) {
      for (const item of batch) item.reject(error)
    }
  }

  async requeueFailed(endpointId: string, since: string, now: string): Promise<number> {
    return this.#sql(`UPDATE deliveries SET status = 'pending', next_attempt_at = @now, next_trigger = 'manual', lease_until = NULL, updated_at = @now
                WHERE endpoint_id = @endpointId AND status = 'failed' AND created_at >= @since`)
      .run({ now, endpointId, since }).changes
  }

  async listAttempts(deliveryId: string): Promise<AttemptRecord[]> {
    return (this.#sql('SELECT * FROM attempts WHERE delivery_id = ? ORDER BY number, id').all(deliveryId) as AttemptRow[]).map(toAttempt)
  }

  async recentAttempts(endpointId: string, limit: number): Promise<AttemptRecord[]> {
    return (this.#sql('SELECT * FROM attempts WHERE endpoint_id = ? ORDER BY id DESC LIMIT ?').all(endpointId, limit) as AttemptRow[]).map(toAttempt)
  }

  async endpointStats(q: StatsQuery): Promise<StatsBucket[]> {
    const rows = this.#sql(ENDPOINT_STATS_SQL).all({ endpoint: q.endpointId, from: q.from, to: q.to, bucket: q.bucket }) as StatsRow[]
    return rows.map(toStatsBucket)
  }

  async prune(query: { before: string; limit: number }): Promise<number> {
    const events = this.#sql(`DELETE FROM events WHERE id IN (SELECT e.id FROM events e WHERE e.timestamp < @before
                AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending') LIMIT @limit)`)
      .run(query).changes
    const attempts = this.#sql('DELETE FROM attempts WHERE id IN (SELECT id FROM attempts WHERE started_at < @before LIMIT @limit)').run(query).changes
    const keys = this.#sql('DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < @before LIMIT @limit)').run(query).changes
    return events + attempts + keys
  }
}
