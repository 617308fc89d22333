import { z } from 'zod'
import { CallhookError } from '../errors.js'
import type { EventRegistry } from '../events/registry.js'
import { zodFieldErrors } from '../util/zod-errors.js'
import { SECRET_PATTERN } from './secret.js'

/** Headers an endpoint may not set: hop-by-hop, framing, and the ones callhook signs with. */
const RESERVED_HEADERS = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'host', 'content-length', 'content-type', 'expect',
  'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-calltracking-signature',
])
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/

const notYet = (what: string) =>
  z.unknown().refine((v) => v === undefined || v === null, `${what} is not supported by this version of callhook yet`).optional()

const url = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const parsed = new URL(value)
      return parsed.protocol === 'https:' || parsed.protocol === 'http:'
    } catch {
      return false
    }
  }, 'must be an absolute http(s) URL')

const headers = z
  .record(
    z.string().regex(HEADER_NAME, 'is not a valid header name').refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), 'is set by callhook and cannot be overridden'),
    z.string().max(4096).refine((v) => !/[\r\n\0]/.test(v), 'must not contain line breaks'),
  )
  .refine((h) => Object.keys(h).length <= 50, 'at most 50 headers')

const auth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(255).refine((u) => !u.includes(':'), 'must not contain ":"'), password: z.string().max(1024) }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1).max(4096) }),
])

const retry = z.strictObject({
  delaysSeconds: z.array(z.number().nonnegative().max(7 * 24 * 3600)).max(30),
})

const fields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  url,
  events: z.array(z.string().min(1).max(200)).min(1).max(100),
  enabled: z.boolean(),
  filters: notYet('filters'),
  format: z.enum(['json', 'form'], { error: 'must be "json" or "form" (template, resource and pixel come in a later version)' }),
  preset: notYet('preset'),
  method: z.enum(['POST', 'PUT', 'PATCH']),
  template: notYet('template'),
  headers: headers.nullable(),
  auth: auth.nullable(),
  retry: retry.nullable(),
  timeoutMs: z.int().min(100).max(120_000).nullable(),
  rateLimitPerSecond: notYet('rateLimitPerSecond'),
  signature: z.enum(['all', 'standard', 'calltracking', 'none']),
}

const createSchema = z.strictObject({
  ...fields,
  title: fields.title.optional(),
  description: fields.description.optional(),
  events: fields.events.default(['*']),
  enabled: fields.enabled.default(true),
  format: fields.format.default('json'),
  method: fields.method.default('POST'),
  headers: fields.headers.optional(),
  auth: fields.auth.optional(),
  retry: fields.retry.optional(),
  timeoutMs: fields.timeoutMs.optional(),
  signature: fields.signature.default('all'),
  secret: z.string().regex(SECRET_PATTERN, 'must be "whsec_" followed by at least 24 base64-encoded bytes').optional(),
})

const updateSchema = z.strictObject({
  title: fields.title.optional(),
  description: fields.description.optional(),
  url: fields.url.optional(),
  events: fields.events.optional(),
  enabled: fields.enabled.optional(),
  filters: fields.filters,
  format: fields.format.optional(),
  preset: fields.preset,
  method: fields.method.optional(),
  template: fields.template,
  headers: fields.headers.optional(),
  auth: fields.auth.optional(),
  retry: fields.retry.optional(),
  timeoutMs: fields.timeoutMs.optional(),
  rateLimitPerSecond: fields.rateLimitPerSecond,
  signature: fields.signature.optional(),
})

export type EndpointCreateInput = z.input<typeof createSchema>
export type EndpointCreate = z.output<typeof createSchema>
export type EndpointUpdateInput = z.input<typeof updateSchema>
export type EndpointUpdate = z.output<typeof updateSchema>

/** Validates a create request; throws a `validation_failed` error naming every bad field. */
export function parseEndpointCreate(input: unknown, registry: EventRegistry): EndpointCreate {
  return validate(createSchema, input, registry, 'endpoint')
}

/** Validates an update (partial) request the same way. */
export function parseEndpointUpdate(input: unknown, registry: EventRegistry): EndpointUpdate {
  return validate(updateSchema, input, registry, 'endpoint update')
}

function validate<T extends z.ZodType>(schema: T, input: unknown, registry: EventRegistry, what: string): z.output<T> {
  const result = schema.safeParse(input ?? {})
  const errors = result.success ? [] : zodFieldErrors(result.error)
  const events = (input as { events?: unknown } | null | undefined)?.events
  if (Array.isArray(events)) {
    events.forEach((type, index) => {
      if (typeof type === 'string' && type !== '*' && !registry.has(type)) {
        errors.push({ field: `events[${index}]`, message: `"${type}" is not a registered event type (GET /event-types lists them)` })
      }
    })
  }
  if (!result.success || errors.length) throw new CallhookError('validation_failed', `The ${what} is not valid`, { errors })
  return result.data
}
