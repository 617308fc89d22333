import type { EndpointRecord } from '@callhook/core'
import { deepFreeze } from '@callhook/core/store-kit'

/**
 * Endpoint records by id and `endpointsForEvent` answers, kept until an endpoint changes. The store's process owns the file
 * (it ends other leases when it opens it), so every endpoint write goes through the store, which
 * clears this; an emit then costs no query and no JSON parse for its endpoints (about 29 µs of
 * each emit in the SQLite benchmark's profile), nor a delivery for its endpoint's record. Records
 * are frozen: nobody changes them through an answer.
 */
export class EndpointCache {
  readonly #byId = new Map<string, EndpointRecord | null>()

  /** account (null: the key `null`) → event type → matching endpoints */
  readonly #answers = new Map<string | null, Map<string, readonly EndpointRecord[]>>()
  #size = 0

  /** The endpoint (or null: none with that id). */
  byId(id: string, load: () => EndpointRecord | null): EndpointRecord | null {
    let known = this.#byId.get(id)
    if (known === undefined) {
      if (this.#byId.size >= 10_000) this.#byId.clear()
      known = deepFreeze(load())
      this.#byId.set(id, known)
    }
    return known
  }

  /** The enabled endpoints an event of `type` for `accountId` goes to. */
  forEvent(type: string, accountId: string | null, load: () => EndpointRecord[]): EndpointRecord[] {
    let byType = this.#answers.get(accountId)
    const known = byType?.get(type)
    if (known) return known.slice()
    if (this.#size >= 10_000) this.clear() // many tenants × types: start over rather than grow without bound
    const answer = Object.freeze(load().map(deepFreeze))
    if (!byType) this.#answers.set(accountId, (byType = new Map()))
    byType.set(type, answer)
    this.#size++
    return answer.slice()
  }

  clear(): void {
    this.#byId.clear()
    this.#answers.clear()
    this.#size = 0
  }
}
