import { z } from 'zod'
import { inScope, type CoreContext, type Scope } from '../context.js'
import { CallhookError } from '../errors.js'
import { notFound, matchesFilters, newDelivery, type DeliveryRecord, type EventRecord } from '../model/index.js'
import { toPublicDelivery, type Delivery } from '../delivery/delivery-view.js'
import { newId } from '../util/ids.js'
import { parseInput } from '../util/zod-errors.js'
import type { Store } from '../store/types.js'
import { inEmitSpan, storeFailure } from './emit-span.js'

export interface EmitOptions {
  /** The tenant the event belongs to; endpoints of other tenants do not get it. */
  accountId?: string | undefined
  /**
   * Write the event inside your own database transaction (transactional outbox): with
   * @callhook/postgres, a pg client on which you ran BEGIN. The event commits or rolls back with
   * your own write; sending starts after your COMMIT.
   */
  client?: unknown
  /**
   * Emit at most once per key: the same key (per tenant) within the `idempotencyWindowSeconds`
   * option (24 h) answers the first event's `{ eventId, deliveries }` again, with `replayed: true`,
   * and stores and queues nothing, whatever the type and data (the first event wins). 1–255
   * printable ASCII characters.
   */
  idempotencyKey?: string | undefined
  /**
   * What ordered endpoints keep this event in order with: their deliveries with the same key go
   * one at a time, in emit order. Default: the event data's `id` (the call).
   */
  orderingKey?: string | undefined
}

/** The key an event is ordered by: the one given, or its data's `id` (a string or number); null: none. */
function orderingKeyOf(data: Record<string, unknown>, given: string | undefined): string | null {
  if (given !== undefined) {
    if (typeof given !== 'string' || given.length === 0 || given.length > 255) {
      throw new CallhookError('validation_failed', 'The event is not valid', { errors: [{ field: 'orderingKey', message: 'must be a string of 1 to 255 characters' }] })
    }
    return given
  }
  const id = data.id
  return typeof id === 'string' && id.length > 0 ? id : typeof id === 'number' && Number.isFinite(id) ? String(id) : null
}

export interface EmitResult {
  eventId: string
  /** How many deliveries were queued (one per matching enabled endpoint whose account has webhooks on). */
  deliveries: number
  /** True when the idempotency key had been used: this is the first event's answer, and nothing was queued now. */
  replayed: boolean
}

export const emitBody = z.strictObject({
  type: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
  accountId: z.string().min(1).max(255).optional(),
  orderingKey: z.string().min(1).max(255).optional().describe("What ordered endpoints keep this event in order with (default: data.id, the call)"),
})

/** An idempotency key: 1–255 printable ASCII characters (what an HTTP header can carry unchanged). */
export const idempotencyKeySchema = z.string().min(1).max(255).regex(/^[\x20-\x7e]+$/, 'must be printable ASCII characters only')

function checkIdempotencyKey(key: unknown, field: string): void {
  const result = idempotencyKeySchema.safeParse(key)
  if (!result.success) {
    const message = typeof key === 'string' && key.length > 255 ? 'must be at most 255 characters' : typeof key === 'string' && key.length > 0 ? 'must be printable ASCII characters only' : 'must be 1 to 255 printable ASCII characters'
    throw new CallhookError('validation_failed', `The idempotency key is not valid: ${field} ${message}`, { errors: [{ field, message }] })
  }
}

/** Emitting events and reading them back. */
export class EventService {
  readonly #ctx: CoreContext

  constructor(ctx: CoreContext) {
    this.#ctx = ctx
  }

  /** Validates, stores the event and one delivery per matching endpoint, then resolves. */
  async emit(type: string, data: unknown, options: EmitOptions = {}): Promise<EmitResult> {
    const parsed = this.#ctx.registry.parse(type, data)
    const key = options.idempotencyKey
    if (key !== undefined) checkIdempotencyKey(key, 'idempotencyKey')
    const orderingKey = orderingKeyOf(parsed, options.orderingKey)
    await this.#ctx.ready()
    return inEmitSpan(this.#ctx.telemetry, type, async (traceparent) => {
      const now = new Date().toISOString()
      const accountId = options.accountId ?? null
      const event: EventRecord = { id: newId('msg'), type, timestamp: now, accountId, data: parsed, ...(traceparent ? { traceparent } : {}) }
      let deliveries: DeliveryRecord[] = []
      let stored: Awaited<ReturnType<Store['insertEvent']>>
      const idempotency = key === undefined ? undefined : { key, accountId, expiredBefore: new Date(Date.parse(now) - this.#ctx.idempotencyWindowSeconds * 1000).toISOString() }
      try {
        // A store that caches endpoints refuses an insert worked out from a stale answer: ask again
        for (let tries = 0; ; tries++) {
          const found = await this.#ctx.store.endpointsForEvent(type, accountId)
          const endpoints = (await this.#ctx.accounts.allowed(found)).filter((endpoint) => matchesFilters(endpoint.filters, event))
          deliveries = endpoints.map((endpoint) => newDelivery(event, endpoint.id, now, now, endpoint.ordered ? orderingKey : null))
          stored = await this.#ctx.store.insertEvent(event, deliveries, { ...(options.client !== undefined ? { client: options.client } : {}), idempotency, endpoints: found })
          if (!stored || !('staleEndpoints' in stored)) break
          if (tries === 4) throw new Error('The endpoints kept changing while the event was stored (5 tries); nothing was stored')
        }
      } catch (error) {
        throw storeFailure(error)
      }
      if (stored) return { ...stored.replayOf, replayed: true }
      if (deliveries.length > 0 && options.client === undefined) this.#ctx.dispatcher.wake()
      return { eventId: event.id, deliveries: deliveries.length, replayed: false }
    })
  }

  /**
   * `POST /events`: `{ type, data, accountId? }`; a tenant's request emits for that tenant only.
   * `idempotencyKey`: the `Idempotency-Key` header (a bad one is a 400 naming the header).
   */
  async emitRequest(input: unknown, scope?: Scope, idempotencyKey?: string): Promise<EmitResult> {
    if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey, 'Idempotency-Key')
    const body = parseInput(emitBody, input, 'The event')
    if (scope?.accountId !== undefined && body.accountId !== undefined && body.accountId !== scope.accountId) {
      throw new CallhookError('validation_failed', 'The event is not valid', { errors: [{ field: 'accountId', message: 'must be your own account, or left out' }] })
    }
    return this.emit(body.type, body.data, { accountId: scope?.accountId ?? body.accountId, idempotencyKey, orderingKey: body.orderingKey })
  }

  /** The event and its deliveries. */
  async get(id: string, scope?: Scope): Promise<EventRecord & { deliveries: Delivery[] }> {
    await this.#ctx.ready()
    const event = await this.#ctx.store.getEvent(id)
    if (!event || !inScope(scope, event.accountId)) throw notFound('event', id)
    const deliveries = await this.#ctx.store.listDeliveries({ eventId: id, limit: 1000 })
    const { traceparent: _internal, ...shown } = event
    return { ...shown, deliveries: deliveries.map(toPublicDelivery) }
  }
}
