import type { EndpointRecord } from '../endpoints/endpoint.js'
import { CallhookError } from '../errors.js'
import type {
  AttemptRecord, ClaimQuery, InsertEventOptions, DeliveryCounts, DeliveryRecord, DeliveryUpdate, EndpointUpdateRecord, EventRecord,
  ListDeliveriesQuery, ListEndpointsQuery, Store,
} from './types.js'

const copy = structuredClone

/**
 * Keeps everything in this process's memory: for tests and development. A restart loses every
 * endpoint, event and pending delivery; use @callhook/sqlite or @callhook/postgres in production.
 */
export class MemoryStore implements Store {
  readonly durable = false
  readonly #endpoints = new Map<string, EndpointRecord>()
  /** event type (or '*') -> ids of endpoints subscribed to it, so emit never scans them all */
  readonly #byEventType = new Map<string, Set<string>>()
  readonly #events = new Map<string, EventRecord>()
  readonly #deliveries = new Map<string, DeliveryRecord>()
  readonly #deliveriesByEndpoint = new Map<string, Set<string>>()
  readonly #pending = new Set<string>()
  readonly #attempts = new Map<string, AttemptRecord[]>()

  async insertEndpoint(endpoint: EndpointRecord): Promise<void> {
    if (this.#endpoints.has(endpoint.id)) throw new Error(`Endpoint ${endpoint.id} already exists`)
    this.#endpoints.set(endpoint.id, copy(endpoint))
    this.#index(endpoint)
  }

  async getEndpoint(id: string): Promise<EndpointRecord | null> {
    const found = this.#endpoints.get(id)
    return found ? copy(found) : null
  }

  async listEndpoints(query: ListEndpointsQuery): Promise<EndpointRecord[]> {
    return [...this.#endpoints.values()]
      .filter((e) => (query.accountId === undefined || e.accountId === query.accountId) && (query.after === undefined || e.id > query.after))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, query.limit)
      .map((e) => copy(e))
  }

  async updateEndpoint(id: string, patch: EndpointUpdateRecord): Promise<EndpointRecord | null> {
    const current = this.#endpoints.get(id)
    if (!current) return null
    this.#unindex(current)
    const next: EndpointRecord = { ...current, ...copy(patch), updatedAt: patch.updatedAt ?? new Date().toISOString() }
    this.#endpoints.set(id, next)
    this.#index(next)
    return copy(next)
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    const current = this.#endpoints.get(id)
    if (!current) return false
    this.#unindex(current)
    this.#endpoints.delete(id)
    for (const deliveryId of this.#deliveriesByEndpoint.get(id) ?? []) {
      this.#deliveries.delete(deliveryId)
      this.#pending.delete(deliveryId)
      this.#attempts.delete(deliveryId)
    }
    this.#deliveriesByEndpoint.delete(id)
    return true
  }

  async endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]> {
    const ids = new Set([...(this.#byEventType.get(type) ?? []), ...(this.#byEventType.get('*') ?? [])])
    const out: EndpointRecord[] = []
    for (const id of ids) {
      const e = this.#endpoints.get(id)!
      if (e.enabled && (e.accountId === null || e.accountId === accountId)) out.push(copy(e))
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : 1))
  }

  async insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options: InsertEventOptions = {}): Promise<void> {
    if (options.client !== undefined) throw new CallhookError('misconfigured', 'emit({ client }) writes inside your database transaction; it needs @callhook/postgres, not the memory store')
    this.#events.set(event.id, copy(event))
    for (const d of deliveries) {
      this.#deliveries.set(d.id, copy(d))
      let set = this.#deliveriesByEndpoint.get(d.endpointId)
      if (!set) this.#deliveriesByEndpoint.set(d.endpointId, (set = new Set()))
      set.add(d.id)
      if (d.status === 'pending') this.#pending.add(d.id)
    }
  }

  async getEvent(id: string): Promise<EventRecord | null> {
    const found = this.#events.get(id)
    return found ? copy(found) : null
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const found = this.#deliveries.get(id)
    return found ? copy(found) : null
  }

  async listDeliveries(q: ListDeliveriesQuery): Promise<DeliveryRecord[]> {
    const source = q.endpointId !== undefined ? [...(this.#deliveriesByEndpoint.get(q.endpointId) ?? [])].map((id) => this.#deliveries.get(id)!) : [...this.#deliveries.values()]
    return source
      .filter((d) =>
        (q.eventId === undefined || d.eventId === q.eventId) &&
        (q.status === undefined || d.status === q.status) &&
        (q.from === undefined || d.createdAt >= q.from) &&
        (q.to === undefined || d.createdAt < q.to) &&
        (q.before === undefined || d.id < q.before))
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .slice(0, q.limit)
      .map((d) => copy(d))
  }

  async countDeliveries(endpointId: string): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0 }
    for (const id of this.#deliveriesByEndpoint.get(endpointId) ?? []) counts[this.#deliveries.get(id)!.status]++
    return counts
  }

  async claimDueDeliveries(q: ClaimQuery): Promise<DeliveryRecord[]> {
    const excluded = new Set(q.excludeEndpointIds)
    const due = [...this.#pending]
      .map((id) => this.#deliveries.get(id)!)
      .filter((d) => d.nextAttemptAt !== null && d.nextAttemptAt <= q.now && (d.leaseUntil === null || d.leaseUntil <= q.now) && !excluded.has(d.endpointId))
      .sort((a, b) => (a.nextAttemptAt! < b.nextAttemptAt! ? -1 : a.nextAttemptAt! > b.nextAttemptAt! ? 1 : a.id < b.id ? -1 : 1))
      .slice(0, q.limit)
    for (const d of due) d.leaseUntil = q.leaseUntil
    return due.map((d) => copy(d))
  }

  async nextDueAt(): Promise<string | null> {
    let next: string | null = null
    for (const id of this.#pending) {
      const d = this.#deliveries.get(id)!
      const at = d.leaseUntil !== null && d.leaseUntil > (d.nextAttemptAt ?? '') ? d.leaseUntil : d.nextAttemptAt
      if (at !== null && (next === null || at < next)) next = at
    }
    return next
  }

  async updateDelivery(id: string, patch: DeliveryUpdate): Promise<DeliveryRecord | null> {
    const current = this.#deliveries.get(id)
    if (!current) return null
    Object.assign(current, copy(patch), { updatedAt: new Date().toISOString() })
    if (current.status === 'pending') this.#pending.add(id)
    else this.#pending.delete(id)
    return copy(current)
  }

  async recordAttempt(attempt: AttemptRecord, patch: DeliveryUpdate): Promise<void> {
    if (!this.#deliveries.has(attempt.deliveryId)) return // deleted with its endpoint meanwhile
    let list = this.#attempts.get(attempt.deliveryId)
    if (!list) this.#attempts.set(attempt.deliveryId, (list = []))
    list.push(copy(attempt))
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
    return copy(this.#attempts.get(deliveryId) ?? [])
  }

  async recentAttempts(endpointId: string, limit: number): Promise<AttemptRecord[]> {
    const all: AttemptRecord[] = []
    for (const id of this.#deliveriesByEndpoint.get(endpointId) ?? []) all.push(...(this.#attempts.get(id) ?? []))
    return copy(all.sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, limit))
  }

  async prune(query: { before: string; limit: number }): Promise<number> {
    let removed = 0
    for (const event of [...this.#events.values()]) {
      if (removed >= query.limit) break
      if (event.timestamp >= query.before) continue
      const deliveries = [...this.#deliveries.values()].filter((d) => d.eventId === event.id)
      if (deliveries.some((d) => d.status === 'pending')) continue
      for (const d of deliveries) {
        this.#deliveries.delete(d.id)
        this.#deliveriesByEndpoint.get(d.endpointId)?.delete(d.id)
        this.#attempts.delete(d.id)
      }
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
    return removed
  }

  #index(endpoint: EndpointRecord): void {
    for (const type of endpoint.events) {
      let set = this.#byEventType.get(type)
      if (!set) this.#byEventType.set(type, (set = new Set()))
      set.add(endpoint.id)
    }
  }

  #unindex(endpoint: EndpointRecord): void {
    for (const type of endpoint.events) this.#byEventType.get(type)?.delete(endpoint.id)
  }
}
