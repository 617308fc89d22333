import { DueQueue, type Entry } from './due-queue.js'

type IsCurrent = (id: string, at: string) => boolean

/**
 * Pending deliveries by the time each may next be taken, one DueQueue per endpoint, and a queue of
 * endpoints by their earliest entry. A claim passes over an endpoint it must leave out (full here,
 * or its circuit open) at the cost of one entry, however many of its deliveries are due — with a
 * single queue it popped and pushed back every one of them, on every claim. Stale entries (a
 * delivery that changed since) are dropped lazily, as DueQueue does: `headAt` is the time each
 * endpoint was last queued at, never later than its earliest current entry.
 */
export class EndpointDueQueues {
  readonly #byEndpoint = new Map<string, DueQueue>()
  readonly #endpoints = new DueQueue()
  readonly #headAt = new Map<string, string>()
  readonly #isCurrent: IsCurrent

  constructor(isCurrent: IsCurrent) {
    this.#isCurrent = isCurrent
  }

  push(endpointId: string, id: string, at: string): void {
    let queue = this.#byEndpoint.get(endpointId)
    if (!queue) this.#byEndpoint.set(endpointId, (queue = new DueQueue()))
    queue.push(id, at)
    const headAt = this.#headAt.get(endpointId)
    if (headAt === undefined || at < headAt) this.#queueEndpoint(endpointId, at)
  }

  /** Removes and returns up to `limit` entries due at or before `now`, earliest first, of endpoints not in `excluded`. */
  popDue(now: string, limit: number, excluded: ReadonlySet<string>): Entry[] {
    const taken: Entry[] = []
    const passedOver: Entry[] = []
    while (taken.length < limit) {
      const top = this.#peekEndpoint()
      if (!top || top.at > now) break
      this.#endpoints.pop()
      if (excluded.has(top.id)) {
        passedOver.push(top)
        continue
      }
      const queue = this.#byEndpoint.get(top.id)!
      taken.push(queue.pop()!) // current: #peekEndpoint checked it
      const next = queue.peek(this.#isCurrent)
      if (next) this.#queueEndpoint(top.id, next.at)
      else this.#headAt.delete(top.id)
    }
    for (const entry of passedOver) this.#endpoints.push(entry.id, entry.at)
    return taken
  }

  /** The earliest current entry's time, or null. */
  nextAt(): string | null {
    return this.#peekEndpoint()?.at ?? null
  }

  /** Forgets an endpoint's queue (its deliveries are gone). */
  drop(endpointId: string): void {
    this.#byEndpoint.delete(endpointId)
    this.#headAt.delete(endpointId)
  }

  /** The endpoint whose earliest current entry is earliest, at that entry's time; stale endpoint entries are dropped or moved on. */
  #peekEndpoint(): Entry | undefined {
    for (;;) {
      const top = this.#endpoints.peek((endpointId, at) => this.#headAt.get(endpointId) === at)
      if (!top) return undefined
      const head = this.#byEndpoint.get(top.id)?.peek(this.#isCurrent)
      if (head && head.at === top.at) return top
      this.#endpoints.pop()
      if (head) this.#queueEndpoint(top.id, head.at)
      else this.#headAt.delete(top.id)
    }
  }

  #queueEndpoint(endpointId: string, at: string): void {
    this.#headAt.set(endpointId, at)
    this.#endpoints.push(endpointId, at)
  }
}
