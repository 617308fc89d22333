import { z } from 'zod'
import type { CoreContext, Scope } from '../context.js'
import type { DeliveryCounts } from '../store/queries.js'
import type { AttemptRecord } from '../model/index.js'
import { CallhookError } from '../errors.js'
import { parseInput } from '../util/zod-errors.js'
import { newId } from '../util/ids.js'
import { decodeCursor, page, parseLimit, type Page, type PageQuery } from '../util/paging.js'
import { toPublicEndpoint, notFound, generateSecret, SECRET_PATTERN, SECRET_RULE, type Endpoint, type EndpointRecord } from '../model/index.js'
import { resolveShape } from './endpoint-rules.js'
import { parseEndpointCreate, parseEndpointUpdate } from './endpoint-schema.js'
import { refineWhsec } from '../signing/secret-key.js'
import { parseStatsQuery, readStats, type EndpointStats, type EndpointStatsQuery } from './endpoint-stats.js'
import { findEndpoint } from './find-endpoint.js'
import { sendTest, type TestSendResult } from './test-send.js'

/** An endpoint with its activity, as `GET /endpoints/:id` shows it. */
export interface EndpointDetails extends Endpoint {
  deliveryCounts: DeliveryCounts
  /** The last 10 attempts, newest first. */
  recentAttempts: AttemptRecord[]
}

export interface RotateSecretInput {
  /** The new secret; generated when absent. */
  secret?: string
  /** How long the old secret keeps signing, in seconds. @default the instance's rotationGraceSeconds (24 h) */
  graceSeconds?: number
}

/** Endpoint CRUD and secrets — the same operations the REST API exposes. */
export class EndpointService {
  readonly #ctx: CoreContext

  constructor(ctx: CoreContext) {
    this.#ctx = ctx
  }

  /** Creates an endpoint; the answer is the only place (with `secret()`) that shows its secret. */
  async create(input: unknown, scope?: Scope): Promise<Endpoint & { secret: string }> {
    const parsed = parseEndpointCreate(input, this.#ctx.registry)
    const shape = resolveShape(parsed)
    this.#checkDestination(parsed.url)
    await this.#ctx.ready()
    const now = new Date().toISOString()
    const record: EndpointRecord = {
      id: newId('ep'),
      accountId: scope?.accountId ?? null,
      title: parsed.title ?? new URL(parsed.url).host,
      description: parsed.description ?? null,
      url: parsed.url,
      events: [...new Set(parsed.events)],
      enabled: parsed.enabled,
      filters: parsed.filters ?? null,
      ...shape,
      headers: parsed.headers ?? null,
      auth: parsed.auth ?? null,
      retry: parsed.retry ?? null,
      timeoutMs: parsed.timeoutMs ?? null,
      rateLimitPerSecond: parsed.rateLimitPerSecond ?? null,
      ordered: parsed.ordered,
      signature: parsed.signature,
      timezone: parsed.timezone,
      createdAt: now,
      updatedAt: now,
      disabledReason: null,
      failingSince: null,
      secret: parsed.secret ?? generateSecret(),
      previousSecrets: [],
    }
    await this.#ctx.store.insertEndpoint(record)
    return { ...toPublicEndpoint(record), secret: record.secret }
  }

  async get(id: string, scope?: Scope): Promise<Endpoint> {
    return toPublicEndpoint(await findEndpoint(this.#ctx, id, scope))
  }

  /** The endpoint with its delivery counts and its last 10 attempts. */
  async details(id: string, scope?: Scope): Promise<EndpointDetails> {
    const endpoint = await this.get(id, scope)
    const [deliveryCounts, recentAttempts] = await Promise.all([this.#ctx.store.countDeliveries(endpoint.id), this.#ctx.store.recentAttempts(endpoint.id, 10)])
    return { ...endpoint, deliveryCounts, recentAttempts }
  }

  async list(query: PageQuery = {}, scope?: Scope): Promise<Page<Endpoint>> {
    const limit = parseLimit(query.limit)
    const after = decodeCursor(query.cursor)
    await this.#ctx.ready()
    return page((n) => this.#ctx.store.listEndpoints({ accountId: scope?.accountId, limit: n, after }), limit, toPublicEndpoint)
  }

  async update(id: string, input: unknown, scope?: Scope): Promise<Endpoint> {
    const current = await findEndpoint(this.#ctx, id, scope)
    const patch = parseEndpointUpdate(input, this.#ctx.registry)
    if (patch.url !== undefined) this.#checkDestination(patch.url)
    const changes: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) changes[key] = value
    Object.assign(changes, resolveShape(patch, current))
    if (patch.events) changes.events = [...new Set(patch.events)]
    if (patch.enabled === true && !current.enabled) Object.assign(changes, { disabledReason: null, failingSince: null })
    if (patch.enabled === false) changes.disabledReason = current.disabledReason ?? 'Disabled by a user'
    const updated = await this.#ctx.store.updateEndpoint(id, changes)
    if (!updated) throw notFound('endpoint', id)
    return toPublicEndpoint(updated)
  }

  async delete(id: string, scope?: Scope): Promise<void> {
    await findEndpoint(this.#ctx, id, scope)
    await this.#ctx.store.deleteEndpoint(id)
  }

  /** The current secret, and those still in a rotation grace period. */
  async secret(id: string, scope?: Scope): Promise<{ secret: string; previousSecrets: Array<{ secret: string; expiresAt: string }> }> {
    const record = await findEndpoint(this.#ctx, id, scope)
    const now = new Date().toISOString()
    return { secret: record.secret, previousSecrets: record.previousSecrets.filter((p) => p.expiresAt > now) }
  }

  /** Replaces the secret; the old one keeps signing (both signatures sent) until the grace period ends. */
  async rotateSecret(id: string, input: unknown = {}, scope?: Scope): Promise<{ secret: string; previousSecretExpiresAt: string }> {
    const record = await findEndpoint(this.#ctx, id, scope)
    const { secret, graceSeconds } = parseRotate(input, this.#ctx.rotationGraceSeconds)
    const nowMs = Date.now()
    const expiresAt = new Date(nowMs + graceSeconds * 1000).toISOString()
    const now = new Date(nowMs).toISOString()
    const previousSecrets = [{ secret: record.secret, expiresAt }, ...record.previousSecrets.filter((p) => p.expiresAt > now)].slice(0, 5)
    const next = secret ?? generateSecret()
    const updated = await this.#ctx.store.updateEndpoint(id, { secret: next, previousSecrets })
    if (updated) await this.#ctx.operational?.secretRotated(updated, expiresAt, now)
    return { secret: next, previousSecretExpiresAt: expiresAt }
  }

  /**
   * Its attempts per UTC hour or day over a period (default: the last 24 hours by hour): succeeded,
   * failed, p50/p95 duration; every bucket of the period, empty ones included.
   */
  async stats(id: string, query: EndpointStatsQuery = {}, scope?: Scope): Promise<EndpointStats> {
    const period = parseStatsQuery(query, Date.now())
    await findEndpoint(this.#ctx, id, scope)
    return readStats(this.#ctx.store, id, period)
  }

  /** A literal private address is refused now; a hostname is checked on the address dialled, at send time. */
  #checkDestination(url: string): void {
    const host = this.#ctx.addressPolicy.refusedLiteral(url)
    if (host !== null) {
      throw new CallhookError('validation_failed', 'The endpoint is not valid', {
        errors: [{ field: 'url', message: `${host} is a private or reserved address; allow it with allowPrivateNetworks: true or allowedNetworks: ['<cidr>']` }],
      })
    }
  }

  /** Sends a sample (or given) event to the endpoint now and answers with its response. */
  async test(id: string, input?: unknown, scope?: Scope): Promise<TestSendResult> {
    return sendTest(this.#ctx, await findEndpoint(this.#ctx, id, scope), input)
  }
}

export const rotateBody = (defaultGrace: number) =>
  z.strictObject({
    secret: z.string().regex(SECRET_PATTERN, SECRET_RULE).superRefine(refineWhsec).optional(),
    graceSeconds: z.number().min(0).max(30 * 86400).default(defaultGrace),
  })

function parseRotate(input: unknown, defaultGrace: number): { secret?: string | undefined; graceSeconds: number } {
  return parseInput(rotateBody(defaultGrace), input ?? {}, 'The rotation request')
}
