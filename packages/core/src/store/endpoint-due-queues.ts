import { DueQueue, type Entry } from './due-queue.js'
import { KeyedHeap } from './keyed-heap.js'

type IsCurrent = (id: string, at: string) => boolean

/**
 * Pending deliveries by the time each may next be taken, one DueQueue per endpoint, and the
 * endpoints by their earliest entry (one place each). A claim passes over an endpoint it must
 * leave out (full here, or its circuit open) at the cost of that one place, however many of its
 * deliveries are due — with a single queue it popped and pushed back every one of them, on every
 * claim. A delivery's stale entries (it changed since) are dropped lazily, as DueQueue does, so an
 * endpoint's place may be earlier than its earliest current entry, never later: a look at the
 * top moves it on.
 */
export class EndpointDueQueues {
  readonly #byEndpoint = new Map<string, DueQueue>()
  readonly #endpoints = new KeyedHeap()
  readonly #isCurrent: IsCurrent

  constructor(isCurrent: IsCurrent) {
    this.#isCurrent = isCurrent
  }

  push(endpointId: string, id: string, at: string): void {
    let queue = this.#byEndpoint.get(endpointId)
    if (!queue) this.#byEndpoint.set(endpointId, (queue = new DueQueue()))
    queue.push(id, at)
    this.#atMost(endpointId, at)
  }

  /**
   * Hands entries due at or before `now`, earliest first, of endpoints not in `excluded`, to
   * `take`, one at a time, until it has accepted `limit` of them. `take` answers false for one it
   * will not take (a delivery it took already in this pass: a delivery may have two current
   * entries of the same time); it must not push entries meanwhile.
   */
  popDue(now: string, limit: number, excluded: ReadonlySet<string>, take: (entry: Entry) => boolean): void {
    const passedOver: Array<{ key: string; at: string }> = []
    try {
      for (let taken = 0; taken < limit; ) {
        const top = this.#peekEndpoint()
        if (!top || top.at > now) break
        if (excluded.has(top.key)) {
          passedOver.push(top)
          this.#endpoints.delete(top.key)
          continue
        }
        const queue = this.#byEndpoint.get(top.key)!
        if (take(queue.pop()!)) taken++ // current: #peekEndpoint looked
        const next = queue.peek(this.#isCurrent)
        if (next) this.#endpoints.set(top.key, next.at)
        else this.#endpoints.delete(top.key)
      }
    } finally {
      for (const { key, at } of passedOver) this.#atMost(key, at)
    }
  }

  /** The earliest current entry's time, or null. */
  nextAt(): string | null {
    return this.#peekEndpoint()?.at ?? null
  }

  /** Forgets an endpoint's queue (its deliveries are gone). */
  drop(endpointId: string): void {
    this.#byEndpoint.delete(endpointId)
    this.#endpoints.delete(endpointId)
  }

  /** The endpoint whose earliest current entry is earliest, at that entry's time. */
  #peekEndpoint(): { key: string; at: string } | undefined {
    for (;;) {
      const top = this.#endpoints.peek()
      if (!top) return undefined
      const head = this.#byEndpoint.get(top.key)?.peek(this.#isCurrent)
      if (head?.at === top.at) return top
      if (head) this.#endpoints.set(top.key, head.at) // only later: its earlier entries went stale
      else this.#endpoints.delete(top.key)
    }
  }

  /** Places the endpoint at `at` unless it is placed earlier already. */
  #atMost(endpointId: string, at: string): void {
    const placed = this.#endpoints.at(endpointId)
    if (placed === undefined || at < placed) this.#endpoints.set(endpointId, at)
  }
}
