import type { ClaimedDelivery } from '../store/queries.js'
import type { Store } from '../store/types.js'
import { RateGate, sleepUnlessAborted } from './rate-gate.js'

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
    if (wait <= 0) return true
    const putBack = async (at: number) => {
      if (own) this.#gate.cancel(endpointId, perSecond)
      await this.#store.updateDelivery(delivery.id, { leaseUntil: null, nextAttemptAt: new Date(at).toISOString() })
      return false
    }
    if (own && wait > this.#leaseMs / 2) return putBack(now + wait)
    return (await sleepUnlessAborted(wait, this.#closing)) || putBack(Date.now())
  }
}
