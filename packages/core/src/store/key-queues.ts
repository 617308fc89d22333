import type { DeliveryRecord } from '../model/index.js'

const before = (a: DeliveryRecord, b: DeliveryRecord) => a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id)

/**
 * The pending deliveries of ordered endpoints, per endpoint and ordering key, in emit order
 * (createdAt, then id): only the head of each queue may be claimed. The memory store keeps the
 * others out of its due queue and schedules the next head when one leaves pending.
 */
export class KeyQueues {
  readonly #byEndpoint = new Map<string, Map<string, DeliveryRecord[]>>()

  /** May it be taken, as far as ordering goes: it has no key, or it heads its key's queue. */
  isHead(d: DeliveryRecord): boolean {
    return d.orderingKey === null || this.#byEndpoint.get(d.endpointId)?.get(d.orderingKey)?.[0] === d
  }

  /**
   * Call after `d` was inserted or changed. Returns the delivery that heads the queue now if that
   * changed (the caller schedules it). A new head that fell due while the one before it was still
   * pending records that it waited (`heldBehind`).
   */
  update(d: DeliveryRecord): DeliveryRecord | undefined {
    if (d.orderingKey === null) return undefined
    let keys = this.#byEndpoint.get(d.endpointId)
    if (!keys) this.#byEndpoint.set(d.endpointId, (keys = new Map()))
    const queue = keys.get(d.orderingKey) ?? []
    const previousHead = queue[0]
    const at = queue.indexOf(d)
    if (at >= 0) queue.splice(at, 1)
    if (d.status === 'pending') {
      let i = queue.length
      while (i > 0 && before(d, queue[i - 1]!)) i--
      queue.splice(i, 0, d)
    }
    if (queue.length === 0) keys.delete(d.orderingKey)
    else keys.set(d.orderingKey, queue)
    const head = queue[0]
    if (!head || head === previousHead) return undefined
    if (previousHead === d && d.status !== 'pending' && head.heldBehind === null && head.nextAttemptAt !== null && head.nextAttemptAt <= d.updatedAt) {
      head.heldBehind = d.id
    }
    return head
  }

  /** Forgets an endpoint's queues (deleted with its deliveries). */
  dropEndpoint(endpointId: string): void {
    this.#byEndpoint.delete(endpointId)
  }
}
