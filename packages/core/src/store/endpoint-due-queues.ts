import { KeyedHeap } from './keyed-heap.js'

type IsCurrent = (id: string, at: string) => boolean

/** A delivery taken from the queues, at the time it was queued for. */
export interface DueEntry {
  id: string
  at: string
}

/**
 * Pending deliveries by the time each may next be taken — a KeyedHeap of deliveries per endpoint,
 * one place each — and the endpoints by their earliest delivery. A claim passes over an endpoint
 * it must leave out (full here, or its circuit open) at the cost of that one place, however many
 * of its deliveries are due: with a single queue it moved every one of them, on every claim.
 * `isCurrent` is asked before a delivery is handed out (one that stopped heading its ordering key
 * was not moved, and is dropped then), so an endpoint's place may be earlier than its earliest
 * current delivery, never later: a look at the top moves it on.
 */
export class EndpointDueQueues {
  readonly #byEndpoint = new Map<string, KeyedHeap>()
  readonly #endpoints = new KeyedHeap()
  readonly #isCurrent: IsCurrent

  constructor(isCurrent: IsCurrent) {
    this.#isCurrent = isCurrent
  }

  /** Queues the delivery at `at`, or moves it there. */
  set(endpointId: string, id: string, at: string): void {
    let queue = this.#byEndpoint.get(endpointId)
    if (!queue) this.#byEndpoint.set(endpointId, (queue = new KeyedHeap()))
    queue.set(id, at)
    this.#atMost(endpointId, at)
  }

  /** Takes the delivery out (nothing to claim now: finished, or waiting behind its key). */
  delete(endpointId: string, id: string): void {
    this.#byEndpoint.get(endpointId)?.delete(id)
  }

  /**
   * Takes out up to `limit` deliveries due at or before `now`, earliest first, of endpoints not in
   * `excluded`, and hands each to `take`.
   */
  popDue(now: string, limit: number, excluded: ReadonlySet<string>, take: (entry: DueEntry) => void): void {
    const passedOver: DueEntry[] = []
    try {
      for (let taken = 0; taken < limit; taken++) {
        const top = this.#peekEndpoint()
        if (!top || top.at > now) break
        if (excluded.has(top.id)) {
          passedOver.push(top)
          this.#endpoints.delete(top.id)
          taken--
          continue
        }
        const queue = this.#byEndpoint.get(top.id)!
        const head = this.#headOf(queue)! // #peekEndpoint looked
        queue.delete(head.id)
        take(head)
        const next = this.#headOf(queue)
        if (next) this.#endpoints.set(top.id, next.at)
        else this.#endpoints.delete(top.id)
      }
    } finally {
      for (const { id, at } of passedOver) this.#atMost(id, at)
    }
  }

  /** The earliest current delivery's time, or null. */
  nextAt(): string | null {
    return this.#peekEndpoint()?.at ?? null
  }

  /** Forgets an endpoint's queue (its deliveries are gone). */
  drop(endpointId: string): void {
    this.#byEndpoint.delete(endpointId)
    this.#endpoints.delete(endpointId)
  }

  /** The endpoint (`id`) whose earliest current delivery is earliest, at that delivery's time. */
  #peekEndpoint(): DueEntry | undefined {
    for (;;) {
      const top = this.#endpoints.peek()
      if (!top) return undefined
      const queue = this.#byEndpoint.get(top.key)
      const head = queue && this.#headOf(queue)
      if (head?.at === top.at) return { id: top.key, at: top.at }
      if (head) this.#endpoints.set(top.key, head.at) // only later: its earlier deliveries moved on
      else this.#endpoints.delete(top.key)
    }
  }

  /** A queue's earliest current delivery; those no longer current on top are dropped. */
  #headOf(queue: KeyedHeap): DueEntry | undefined {
    for (;;) {
      const top = queue.peek()
      if (!top) return undefined
      if (this.#isCurrent(top.key, top.at)) return { id: top.key, at: top.at }
      queue.delete(top.key)
    }
  }

  /** Places the endpoint at `at` unless it is placed earlier already. */
  #atMost(endpointId: string, at: string): void {
    const placed = this.#endpoints.at(endpointId)
    if (placed === undefined || at < placed) this.#endpoints.set(endpointId, at)
  }
}
