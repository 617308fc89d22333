import type { ClaimedDelivery } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { RateGate, sleepUnlessAborted } from './rate-gate.js'

/**
 * How late an attempt may start after a slot the store reserved (shared limits). The store spaces
 * slots with a guard (PostgreSQL: 200 ms) so a receiver never sees more than its rate in a second
 * while no send starts later than that; a send that would start later than this goes back to the
 * store and gets a fresh slot instead, so a busy event loop cannot eat the guard.
 */
export const SHARED_SLOT_LATE_MS = 100

/**
 * Holds a claimed delivery until its rate-limit slot: the one the store reserved when limits are
 * shared (`startAt`), else the next of this process's own gate.
 */
export class RateSlots {
  readonly #gate = new RateGate()
  readonly #store: Store
  readonly #shared: boolean
  readonly #leaseMs: number
  readonly #closing: AbortSignal

  constructor(store: Store, shared: boolean, leaseMs: number, closing: AbortSignal) {
    this.#store = store
    this.#shared = shared
    this.#leaseMs = leaseMs
    this.#closing = closing
  }

  /**
   * Resolves true when the attempt may start. An own slot further away than half the lease, or a
   * close() meanwhile, puts the delivery back in the store (due at that slot) and resolves false.
   */
  async wait(delivery: ClaimedDelivery, endpointId: string, perSecond: number | null): Promise<boolean> {
    const now = Date.now()
    const own = !this.#shared && perSecond !== null
    const wait = own ? this.#gate.reserve(endpointId, perSecond, now) : delivery.startAt ? Date.parse(delivery.startAt) - now : 0
    const putBack = async (at: number) => {
      if (own) this.#gate.cancel(endpointId, perSecond)
      await this.#store.updateDelivery(delivery.id, { leaseUntil: null, nextAttemptAt: new Date(at).toISOString() })
      return false
    }
    const late = () => !own && delivery.startAt !== undefined && delivery.startAt !== null && Date.now() - Date.parse(delivery.startAt) > SHARED_SLOT_LATE_MS
    if (wait <= 0) return late() ? putBack(Date.now()) : true
    if (own && wait > this.#leaseMs / 2) return putBack(now + wait)
    if (!(await sleepUnlessAborted(wait, this.#closing))) return putBack(Date.now())
    return late() ? putBack(Date.now()) : true
  }
}
