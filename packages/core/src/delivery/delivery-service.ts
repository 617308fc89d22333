import { z } from 'zod'
import { inScope, type CoreContext, type Scope } from '../context.js'
import { notFound } from '../model/not-found.js'
import { findEndpoint } from '../endpoints/find-endpoint.js'
import { decodeCursor, page, parseLimit, type Page } from '../util/paging.js'
import { parseInput as parse } from '../util/zod-errors.js'
import { toPublicDelivery, type Delivery, type DeliveryWithAttempts } from './delivery-view.js'

const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date').transform((v) => new Date(v).toISOString()).describe('An ISO 8601 date (2026-05-01T00:00:00Z)')

export const logQuery = z.strictObject({
  status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.union([z.string(), z.number()]).optional(),
  cursor: z.string().optional(),
})

export const replayBody = z.strictObject({ since: isoDate })

export type DeliveryLogQuery = z.input<typeof logQuery>

/** The delivery log, redelivery and replay. */
export class DeliveryService {
  readonly #ctx: CoreContext

  constructor(ctx: CoreContext) {
    this.#ctx = ctx
  }

  /** One delivery with every attempt: the request sent, the response got, duration, error. */
  async get(id: string, scope?: Scope): Promise<DeliveryWithAttempts> {
    await this.#ctx.ready()
    const delivery = await this.#ctx.store.getDelivery(id)
    if (!delivery || !inScope(scope, delivery.accountId)) throw notFound('delivery', id)
    return { ...toPublicDelivery(delivery), attempts: await this.#ctx.store.listAttempts(id) }
  }

  /** An endpoint's deliveries, newest first, filtered by status and period. */
  async listForEndpoint(endpointId: string, query: DeliveryLogQuery = {}, scope?: Scope): Promise<Page<Delivery>> {
    const q = parse(logQuery, query, 'The delivery log query')
    const limit = parseLimit(q.limit)
    const before = decodeCursor(q.cursor)
    await findEndpoint(this.#ctx, endpointId, scope)
    return page((n) => this.#ctx.store.listDeliveries({ endpointId, status: q.status, from: q.from, to: q.to, limit: n, before }), limit, toPublicDelivery)
  }

  /**
   * Sends it again as soon as possible. A finished delivery gets one manual attempt (logged like
   * any other); a pending one has its next attempt brought forward.
   */
  async redeliver(id: string, scope?: Scope): Promise<Delivery> {
    const current = await this.get(id, scope)
    const now = new Date().toISOString()
    const patch = current.status === 'pending' ? { nextAttemptAt: now } : { status: 'pending' as const, nextAttemptAt: now, nextTrigger: 'manual' as const, leaseUntil: null }
    const updated = await this.#ctx.store.updateDelivery(id, patch)
    if (!updated) throw notFound('delivery', id)
    this.#ctx.dispatcher.wake()
    return toPublicDelivery(updated)
  }

  /** Re-queues the endpoint's failed deliveries created since `since`. */
  async replay(endpointId: string, input: unknown, scope?: Scope): Promise<{ requeued: number }> {
    await findEndpoint(this.#ctx, endpointId, scope)
    const { since } = parse(replayBody, input ?? {}, 'The replay request')
    const requeued = await this.#ctx.store.requeueFailed(endpointId, since, new Date().toISOString())
    if (requeued > 0) this.#ctx.dispatcher.wake()
    return { requeued }
  }
}
