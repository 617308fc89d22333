import type { DeliveryRecord } from '../model/index.js'
import { EndpointDueQueues } from './endpoint-due-queues.js'
import { KeyQueues } from './key-queues.js'
import type { ClaimQuery, QueueStats } from './queries.js'

/**
 * The memory store's queue bookkeeping: which deliveries are pending, when each may next be
 * taken, and which wait behind an earlier one with the same ordering key. It holds ids and the
 * store's own (mutable) records; the store calls `moved` after every insert or change.
 */
export class MemorySchedule {
  readonly #deliveries: ReadonlyMap<string, DeliveryRecord>
  /** Pending deliveries by the time they may next be taken (due time, or lease end), per endpoint. */
  readonly #due = new EndpointDueQueues((id, at) => this.#isCurrent(id, at))
  /** Ids of pending deliveries: the backlog queueStats reads, without scanning finished ones. */
  readonly #pending = new Set<string>()
  /** Ordered endpoints' pending deliveries per key: only each key's head is in `#due`. */
  readonly #keys = new KeyQueues()

  constructor(deliveries: ReadonlyMap<string, DeliveryRecord>) {
    this.#deliveries = deliveries
  }

  /** Leases up to `q.limit` due deliveries, earliest first, and returns copies of them. */
  claim(q: ClaimQuery): DeliveryRecord[] {
    const taken: DeliveryRecord[] = []
    this.#due.popDue(q.now, q.limit, new Set(q.excludeEndpointIds), (entry) => taken.push(this.#deliveries.get(entry.id)!))
    // Leased once the pass is over: scheduled meanwhile, a delivery whose lease ended before `now` would come round again.
    for (const d of taken) {
      d.leaseUntil = q.leaseUntil
      this.#schedule(d)
    }
    return taken.map((d) => ({ ...d }))
  }

  nextDueAt(): string | null {
    return this.#due.nextAt()
  }

  /** A walk over the pending deliveries only. */
  queueStats(now: string): QueueStats {
    let depth = 0
    let oldestDueAt: string | null = null
    for (const id of this.#pending) {
      const d = this.#deliveries.get(id)!
      if (d.nextAttemptAt === null || d.nextAttemptAt > now) continue
      depth++
      if (oldestDueAt === null || d.nextAttemptAt < oldestDueAt) oldestDueAt = d.nextAttemptAt
    }
    return { depth, oldestDueAt }
  }

  /** After a change: schedules it, and the next of its key if it no longer heads it. */
  moved(d: DeliveryRecord): void {
    const head = this.#keys.update(d)
    this.#schedule(d)
    if (head && head !== d) this.#schedule(head)
  }

  /** The endpoint and its deliveries are gone, and its due queue with them. */
  dropEndpoint(endpointId: string, deliveryIds: Iterable<string>): void {
    for (const id of deliveryIds) this.#pending.delete(id)
    this.#keys.dropEndpoint(endpointId)
    this.#due.drop(endpointId)
  }

  /** When a pending delivery may next be claimed: its due time, or its lease end if later; null while it waits behind its key. */
  #takeableAt(d: DeliveryRecord): string | null {
    if (d.status !== 'pending' || d.nextAttemptAt === null || !this.#keys.isHead(d)) return null
    return d.leaseUntil !== null && d.leaseUntil > d.nextAttemptAt ? d.leaseUntil : d.nextAttemptAt
  }

  #isCurrent = (id: string, at: string): boolean => {
    const d = this.#deliveries.get(id)
    return d !== undefined && this.#takeableAt(d) === at
  }

  #schedule(d: DeliveryRecord): void {
    if (d.status === 'pending') this.#pending.add(d.id)
    else this.#pending.delete(d.id)
    const at = this.#takeableAt(d)
    if (at !== null) this.#due.set(d.endpointId, d.id, at)
    else this.#due.delete(d.endpointId, d.id)
  }
}
