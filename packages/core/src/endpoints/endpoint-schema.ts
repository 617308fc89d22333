import { z } from 'zod'
import { CallhookError } from '../errors.js'
import type { EventRegistry } from '../events/registry.js'
import { zodFieldErrors } from '../util/zod-errors.js'
import { DEFAULT_TEMPLATE_CONTENT_TYPE, templateParseError } from '../render/template-body.js'
import { withoutTokens } from '../render/url-tokens.js'
import { isTimeZone } from '../render/zoned-time.js'
import { filtersSchema, SECRET_PATTERN, SECRET_RULE } from '../model/index.js'
import { refineWhsec } from '../signing/secret-key.js'

/** Headers an endpoint may not set: hop-by-hop, framing, and the ones callhook signs with. */
const RESERVED_HEADERS = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'transfer-encoding', 'upgrade', 'host', 'content-length', 'content-type', 'expect',
  'webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-calltracking-signature',
])
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/

/** An absolute http(s) URL; `{{token}}` placeholders are allowed in its path and query, not its host. */
const url = z
  .string()
  .max(2048)
  .refine((value) => {
    try {
      const parsed = new URL(withoutTokens(value))
      const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(value)?.[1] ?? ''
      return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !authority.includes('{{')
    } catch {
      return false
    }
  }, 'must be an absolute http(s) URL ({{token}} placeholders only in its path and query)')

const template = z.strictObject({
  body: z.string().min(1).max(64 * 1024).superRefine((body, ctx) => {
    const problem = templateParseError(body)
    if (problem) ctx.addIssue({ code: 'custom', message: `is not a valid Mustache template: ${problem}` })
  }),
  contentType: z.string().min(1).max(255).regex(/^[\w!#$&^.+-]+\/[\w!#$&^.+-]+(\s*;.*)?$/, 'must be a media type such as application/json').refine((v) => !/[\r\n]/.test(v), 'must not contain line breaks').default(DEFAULT_TEMPLATE_CONTENT_TYPE),
})

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

/** Every field a host may set on an endpoint, as the API validates it (and, in output mode, shows it). */
export const fields = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullable(),
  url,
  events: z.array(z.string().min(1).max(200)).min(1).max(100)
    .describe("Event types it receives; '*' means every event but the operational ones (endpoint:disabled, endpoint:recovered, endpoint:secret-rotated, delivery:failed), which an endpoint gets only by naming them"),
  enabled: z.boolean(),
  filters: filtersSchema.nullable(),
  format: z.enum(['json', 'form', 'template', 'resource', 'pixel']),
  preset: z.enum(['magnetis', 'roistat', 'ctm']).nullable(),
  method: z.enum(['POST', 'PUT', 'PATCH', 'GET']),
  template: template.nullable(),
  resourceUrl: url.nullable(),
  headers: headers.nullable(),
  auth: auth.nullable(),
  retry: retry.nullable(),
  timeoutMs: z.int().min(100).max(120_000).nullable(),
  rateLimitPerSecond: z.number().positive().max(10_000).nullable(),
  ordered: z.boolean().describe("Send each ordering key's deliveries (by default each call's: the event data's id) one at a time, in emit order"),
  signature: z.enum(['all', 'standard', 'calltracking', 'none']),
  timezone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone name such as Europe/Paris or UTC')
    .describe('IANA time zone of the `YYYY-MM-DD HH:mm:ss` dates the presets write (Europe/Paris, Europe/Moscow)'),
}

/** An update may change any field, and only those it names. */
export const updateSchema = z.strictObject(fields).partial()

/** A create needs a url; the fields left out get their defaults (format and method: see endpoint-rules). */
export const createSchema = updateSchema.extend({
  url: fields.url,
  events: fields.events.default(['*']),
  enabled: fields.enabled.default(true),
  ordered: fields.ordered.default(false),
  signature: fields.signature.default('all'),
  timezone: fields.timezone.default('UTC'),
  secret: z.string().regex(SECRET_PATTERN, SECRET_RULE).superRefine(refineWhsec).optional(),
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
