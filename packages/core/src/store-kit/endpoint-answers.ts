import type { EndpointRecord } from '../model/index.js'
import { deepFreeze } from '../util/frozen.js'

/** How many (account, event type) answers a cache keeps before it starts over (many tenants × types). */
const MAX_ANSWERS = 10_000

/**
 * `endpointsForEvent` answers a store keeps between calls, per account and event type, frozen
 * (nobody changes the cache through an answer), with whatever the store needs beside each (`T`:
 * nothing for SQLite, the endpoint version it was read at for PostgreSQL). Bounded: past
 * 10,000 answers it starts over rather than grow.
 */
export class EndpointAnswers<T = undefined> {
  readonly #answers = new Map<string | null, Map<string, { endpoints: readonly EndpointRecord[]; extra: T }>>()
  #size = 0

  get(type: string, accountId: string | null): { endpoints: readonly EndpointRecord[]; extra: T } | undefined {
    return this.#answers.get(accountId)?.get(type)
  }

  /** Keeps `endpoints` (frozen) as the answer for `type` and `accountId`; returns the frozen answer. */
  set(type: string, accountId: string | null, endpoints: EndpointRecord[], extra: T): readonly EndpointRecord[] {
    if (this.get(type, accountId) === undefined) {
      if (this.#size >= MAX_ANSWERS) this.clear()
      this.#size++
    }
    let byType = this.#answers.get(accountId)
    if (!byType) this.#answers.set(accountId, (byType = new Map()))
    const answer = Object.freeze(endpoints.map(deepFreeze))
    byType.set(type, { endpoints: answer, extra })
    return answer
  }

  clear(): void {
    this.#answers.clear()
    this.#size = 0
  }
}
