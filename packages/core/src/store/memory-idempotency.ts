import type { IdempotencyClaim, IdempotentReplay } from './queries.js'

interface KeyEntry {
  eventId: string
  deliveries: number
  createdAt: string
}

/**
 * The memory store's idempotency keys, per tenant. A claim is checked and taken in one
 * synchronous step, so two emits in one process cannot both take a key.
 */
export class MemoryIdempotency {
  readonly #keys = new Map<string, KeyEntry>()

  /** The first event's answer when the key is live; otherwise takes the key for this event and returns null. */
  claim(claim: IdempotencyClaim, eventId: string, deliveries: number, now: string): IdempotentReplay | null {
    const id = `${claim.accountId ?? ''}\u0000${claim.key}`
    const found = this.#keys.get(id)
    if (found && found.createdAt >= claim.expiredBefore) return { replayOf: { eventId: found.eventId, deliveries: found.deliveries } }
    this.#keys.set(id, { eventId, deliveries, createdAt: now })
    return null
  }

  /** Deletes up to `limit` keys first used before `before`; returns how many went. */
  prune(before: string, limit: number): number {
    let removed = 0
    for (const [id, entry] of this.#keys) {
      if (removed >= limit) break
      if (entry.createdAt < before) {
        this.#keys.delete(id)
        removed++
      }
    }
    return removed
  }
}
