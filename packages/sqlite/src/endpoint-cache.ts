import type { EndpointRecord } from '@callhook/core'
import { deepFreeze, EndpointAnswers } from '@callhook/core/store-kit'

/**
 * Endpoint records by id and `endpointsForEvent` answers, kept until an endpoint changes. The
 * store's process owns the file (it ends other leases when it opens it), so every endpoint write
 * goes through the store, which clears this; an emit then costs no query and no JSON parse for its
 * endpoints (about 29 µs of each emit in the SQLite benchmark's profile), nor a delivery for its
 * endpoint's record. Records are frozen: nobody changes them through an answer.
 */
export class EndpointCache {
  readonly #byId = new Map<string, EndpointRecord | null>()
  readonly #answers = new EndpointAnswers()

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
    const known = this.#answers.get(type, accountId) ?? { endpoints: this.#answers.set(type, accountId, load(), undefined) }
    return known.endpoints.slice()
  }

  clear(): void {
    this.#byId.clear()
    this.#answers.clear()
  }
}
