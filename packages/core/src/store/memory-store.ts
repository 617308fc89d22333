import type { AccountRecord, EndpointRecord, AttemptRecord, DeliveryRecord, DeliveryUpdate, EndpointUpdateRecord, EventRecord } from '../model/index.js'
import { CallhookError } from '../errors.js'
import { frozenCopy } from '../util/frozen.js'
import { MemoryAccounts } from './memory-accounts.js'
import { MemoryEndpoints } from './memory-endpoints.js'
import { MemoryIdempotency } from './memory-idempotency.js'
import { MemorySchedule } from './memory-schedule.js'
import { statsOf } from './memory-stats.js'
import type { ClaimQuery, IdempotentReplay, InsertEventOptions, DeliveryCounts, ListDeliveriesQuery, ListEndpointsQuery, QueueStats, StatsBucket, StatsQuery } from './queries.js'
import type { Store } from './types.js'

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key)
  if (!set) index.set(key, (set = new Set()))
  set.add(id)
}

/** Attempts are flat apart from request/response and their headers: freeze those few objects. */
function freezeAttempt(attempt: AttemptRecord): AttemptRecord {
  Object.freeze(attempt.request.headers)
  Object.freeze(attempt.request)
  if (attempt.response) Object.freeze(Object.freeze(attempt.response).headers)
  return Object.freeze(attempt)
}

/**
 * Keeps everything in this process's memory: for tests and development. Records are kept as
 * frozen snapshots and handed out as they are (no copy per read): nobody can change the store
 * through a record it returned. A restart loses every
 * endpoint, event and pending delivery; use @callhook/sqlite or @callhook/postgres in production.
 */
export class MemoryStore implements Store {
  readonly durable = false
  readonly cheapClaims: boolean = true
  readonly #endpoints = new MemoryEndpoints()
  readonly #events = new Map<string, EventRecord>()
  readonly #deliveries = new Map<string, DeliveryRecord>()
  readonly #deliveriesByEndpoint = new Map<string, Set<string>>()
  readonly #deliveriesByEvent = new Map<string, Set<string>>()
  readonly #schedule = new MemorySchedule(this.#deliveries)
  readonly #attempts = new Map<string, AttemptRecord[]>()
  readonly #idempotency = new MemoryIdempotency()
  readonly #accounts = new MemoryAccounts()
  async getAccount(accountId: string | null): Promise<AccountRecord | null> { return this.#accounts.get(accountId) }
  async putAccount(account: AccountRecord): Promise<void> { this.#accounts.put(account) }

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    this.#endpoints.insert(endpoint)
  }

  async getEndpoint(id: string): Promise<EndpointRecord | null> {
    return this.#endpoints.get(id)
  }

  async listEndpoints(query: ListEndpointsQuery): Promise<EndpointRecord[]> {
    return this.#endpoints.list(query)
  }

  async updateEndpoint(id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null> {
    return this.#endpoints.update(id, patch)
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    if (!this.#endpoints.delete(id)) return false
    const deliveryIds = this.#deliveriesByEndpoint.get(id) ?? new Set<string>()
    for (const deliveryId of deliveryIds) {
      this.#deliveriesByEvent.get(this.#deliveries.get(deliveryId)!.eventId)?.delete(deliveryId)
      this.#deliveries.delete(deliveryId)
      this.#attempts.delete(deliveryId)
    }
    this.#schedule.dropEndpoint(id, deliveryIds)
    this.#deliveriesByEndpoint.delete(id)
    return true
  }

  async endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]> {
    return this.#endpoints.forEvent(type, accountId)
  }

  async insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options: InsertEventOptions = {}): Promise<IdempotentReplay | void> {
    if (options.client !== undefined) throw new CallhookError('misconfigured', 'emit({ client }) writes inside your database transaction; it needs @callhook/postgres, not the memory store')
    if (options.idempotency) {
      const replay = this.#idempotency.claim(options.idempotency, event.id, deliveries.length, event.timestamp)
      if (replay) return replay
    }
    this.#events.set(event.id, frozenCopy(event))
    for (const d of deliveries) {
      const stored = { ...d }
      this.#deliveries.set(d.id, stored)
      addTo(this.#deliveriesByEndpoint, d.endpointId, d.id)
      addTo(this.#deliveriesByEvent, d.eventId, d.id)
      this.#schedule.moved(stored)
    }
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    return this.#events.get(id) ?? null
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const found = this.#deliveries.get(id)
    return found ? { ...found } : null
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    const ids = q.endpointId !== undefined ? this.#deliveriesByEndpoint.get(q.endpointId) : q.eventId !== undefined ? this.#deliveriesByEvent.get(q.eventId) : undefined
    const source = q.endpointId !== undefined || q.eventId !== undefined ? [...(ids ?? [])].map((id) => this.#deliveries.get(id)!) : [...this.#deliveries.values()]
    return source
      .filter((d) =>
        (q.eventId === undefined || d.eventId === q.eventId) &&
        (q.status === undefined || d.status === q.status) &&
        (q.from === undefined || d.createdAt >= q.from) &&
        (q.to === undefined || d.createdAt < q.to) &&
        (q.before === undefined || d.id < q.before))
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, q.limit)
      .map((d) => ({ ...d }))
  }

  async countDeliveries(endpointId: string): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0 }
    for (const id of this.#deliveriesByEndpoint.get(endpointId) ?? []) counts[this.#deliveries.get(id)!.status]++
    return counts
  }

  async claimDueDeliveries(q: ClaimQuery): Promise<DeliveryRecord[]> {
    return this.#schedule.claim(q)
  }

  async nextDueAt(): Promise<string | null> {
    return this.#schedule.nextDueAt()
  }

  async queueStats(now: string): Promise<QueueStats> {
    return this.#schedule.queueStats(now)
  }

  async updateDelivery(id: string, patch: DeliveryUpdate): Promise<DeliveryRecord | null> {
    const current = this.#deliveries.get(id)
    if (!current) return null
    Object.assign(current, patch, { updatedAt: new Date().toISOString() })
    this.#schedule.moved(current)
    return { ...current }
  }

  async recordAttempt(attempt: AttemptRecord, patch: DeliveryUpdate): Promise<void> {
    if (!this.#deliveries.has(attempt.deliveryId)) return // deleted with its endpoint meanwhile
    let list = this.#attempts.get(attempt.deliveryId)
    if (!list) this.#attempts.set(attempt.deliveryId, (list = []))
    list.push(freezeAttempt(attempt))
    await this.updateDelivery(attempt.deliveryId, patch)
  }

  async requeueFailed(endpointId: string, since: string, now: string): Promise<number> {
    let count = 0
    for (const id of this.#deliveriesByEndpoint.get(endpointId) ?? []) {
      const d = this.#deliveries.get(id)!
      if (d.status === 'failed' && d.createdAt >= since) {
        await this.updateDelivery(id, { status: 'pending', nextAttemptAt: now, nextTrigger: 'manual', leaseUntil: null })
        count++
      }
    }
    return count
  }

  async listAttempts(deliveryId: string): Promise<AttemptRecord[]> {
    return [...(this.#attempts.get(deliveryId) ?? [])]
  }

  async recentAttempts(endpointId: string, limit: number): Promise<AttemptRecord[]> {
    const all: AttemptRecord[] = []
    for (const id of this.#deliveriesByEndpoint.get(endpointId) ?? []) all.push(...(this.#attempts.get(id) ?? []))
    return all.sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit)
  }

  async endpointStats(query: StatsQuery): Promise<StatsBucket[]> {
    const ids = this.#deliveriesByEndpoint.get(query.endpointId) ?? []
    return statsOf([...ids].flatMap((id) => this.#attempts.get(id) ?? []), query)
  }

  async prune(query: { before: string; limit: number }): Promise<number> {
    let removed = 0
    for (const event of [...this.#events.values()]) {
      if (removed >= query.limit) break
      if (event.timestamp >= query.before) continue
      const deliveries = [...(this.#deliveriesByEvent.get(event.id) ?? [])].map((id) => this.#deliveries.get(id)!)
      if (deliveries.some((d) => d.status === 'pending')) continue
      for (const d of deliveries) {
        this.#deliveries.delete(d.id)
        this.#deliveriesByEndpoint.get(d.endpointId)?.delete(d.id)
        this.#attempts.delete(d.id)
      }
      this.#deliveriesByEvent.delete(event.id)
      this.#events.delete(event.id)
      removed++
    }
    for (const [deliveryId, attempts] of this.#attempts) {
      if (removed >= query.limit) break
      const old = attempts.filter((a) => a.startedAt < query.before).slice(0, query.limit - removed)
      if (old.length === 0) continue
      removed += old.length
      this.#attempts.set(deliveryId, attempts.filter((a) => !old.includes(a)))
    }
    return removed + this.#idempotency.prune(query.before, query.limit)
  }
}
