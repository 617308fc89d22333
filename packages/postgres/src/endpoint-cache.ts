import type { EndpointRecord } from '@callhook/core'
import { EndpointAnswers } from '@callhook/core/store-kit'

/**
 * Which endpoints an event type goes to, per account, as last read. Other processes change
 * endpoints too, so an answer is only ever used with its version (migration 8): the emit's insert
 * checks it against the database in the same statement and stores nothing when it moved on (then
 * this is cleared and emit reads again). Without the cache every emit paid a round trip to read
 * its endpoints: about 17 % of the CPU of the PostgreSQL benchmark. Records are frozen.
 */
export class EndpointCache {
  readonly #answers = new EndpointAnswers<string>()
  /** Each array handed out → the version it was read at: an emit's insert checks exactly the answer it used. */
  readonly #given = new WeakMap<readonly EndpointRecord[], string>()

  async forEvent(type: string, accountId: string | null, load: () => Promise<{ version: string; endpoints: EndpointRecord[] }>): Promise<EndpointRecord[]> {
    const known = this.#answers.get(type, accountId)
    if (known) return this.#give(known.endpoints, known.extra)
    const { version, endpoints } = await load()
    return this.#give(this.#answers.set(type, accountId, endpoints, version), version)
  }

  /** The version the answer was read at; null for an array this cache did not hand out (then nothing is checked). */
  versionOf(answer: readonly EndpointRecord[] | undefined): string | null {
    return answer === undefined ? null : this.#given.get(answer) ?? null
  }

  #give(endpoints: readonly EndpointRecord[], version: string): EndpointRecord[] {
    const copy = endpoints.slice()
    this.#given.set(copy, version)
    return copy
  }

  clear(): void {
    this.#answers.clear()
  }
}
