import type { EndpointRecord } from '@callhook/core'
import { deepFreeze } from '@callhook/core/store-kit'

interface Answer {
  /** The endpoint version (migration 8) the answer was read at. */
  version: string
  endpoints: readonly EndpointRecord[]
}

/**
 * Which endpoints an event type goes to, per account, as last read. Other processes change
 * endpoints too, so an answer is only ever used with its version: the emit's insert checks it
 * against the database in the same statement and stores nothing when it moved on (then this is
 * cleared and emit reads again). Without the cache every emit paid a round trip to read its
 * endpoints: about 17 % of the CPU of the PostgreSQL benchmark. Records are frozen.
 */
export class EndpointCache {
  readonly #answers = new Map<string | null, Map<string, Answer>>()
  #size = 0

  async forEvent(type: string, accountId: string | null, load: () => Promise<{ version: string; endpoints: EndpointRecord[] }>): Promise<EndpointRecord[]> {
    const known = this.#answers.get(accountId)?.get(type)
    if (known) return known.endpoints.slice()
    const { version, endpoints } = await load()
    if (this.#size >= 10_000) this.clear() // many tenants × types: start over rather than grow without bound
    let byType = this.#answers.get(accountId)
    if (!byType) this.#answers.set(accountId, (byType = new Map()))
    byType.set(type, { version, endpoints: Object.freeze(endpoints.map(deepFreeze)) })
    this.#size++
    return endpoints.slice()
  }

  /** The version of the answer an emit of `type` for `accountId` was given, or null when there is none (then nothing is checked). */
  versionFor(type: string, accountId: string | null): string | null {
    return this.#answers.get(accountId)?.get(type)?.version ?? null
  }

  clear(): void {
    this.#answers.clear()
    this.#size = 0
  }
}
