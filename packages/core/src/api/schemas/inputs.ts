import { z } from 'zod'
import { accountUpdateSchema } from '../../accounts/account-service.js'
import { logQuery, replayBody } from '../../delivery/delivery-service.js'
import { createSchema, updateSchema } from '../../endpoints/endpoint-schema.js'
import { rotateBody } from '../../endpoints/endpoint-service.js'
import { endpointStatsQuerySchema } from '../../endpoints/endpoint-stats.js'
import { testBody } from '../../endpoints/test-send.js'
import { emitBody, idempotencyKeySchema } from '../../events/event-service.js'
import { pageQuerySchema } from '../../util/paging.js'
import { named } from './named.js'

// The schemas the services validate requests with, named for the document (read in input mode:
// fields with a default are optional).

export const endpointCreateInput = named('EndpointCreate', createSchema, 'input')
export const endpointUpdateInput = named('EndpointUpdate', updateSchema, 'input')
/** The default grace period shown is the built-in one; an instance may set its own (`rotationGraceSeconds`). */
export const rotateSecretInput = named('SecretRotationRequest', rotateBody(86_400), 'input')
export const testSendInput = named('TestSendRequest', testBody, 'input')
export const replayInput = named('ReplayRequest', replayBody, 'input')
export const emitInput = named('EmitRequest', emitBody, 'input')
export const accountUpdateInput = named('AccountUpdate', accountUpdateSchema, 'input')

/** `GET /endpoints`: paging only. */
export const endpointListQuery = pageQuerySchema
/** `GET /endpoints/:id/deliveries`: the log's filters (`from`/`to`: ISO 8601), then paging. */
export const deliveryLogQuery = z.strictObject({ ...logQuery.omit({ limit: true, cursor: true }).shape, ...pageQuerySchema.shape })
/** `GET /endpoints/:id/stats`: the period (ISO 8601; default the last 24 h by hour, 30 days by day) and the bucket size. */
export const endpointStatsQuery = endpointStatsQuerySchema

/** `POST /events`: the headers it reads. */
export const emitHeaders = z.object({
  'Idempotency-Key': idempotencyKeySchema.optional().describe('Emit at most once per key (per tenant) within the idempotency window (default 24 h): 1–255 printable ASCII characters'),
})
/** `POST /events`: the headers its answer may carry. */
export const emitAnswerHeaders = {
  'Idempotent-Replayed': { description: '`true` when the Idempotency-Key had been used: the answer is the first event\'s, and nothing was queued', schema: z.literal('true') },
}
/** `GET /portal`: the language, and a portal link's token. */
export const portalPageQuery = z.object({
  lang: z.enum(['en', 'fr', 'ru']).optional().describe('The language; else the best of Accept-Language, else English'),
  token: z.string().optional().describe("A portal link's token (`hooks.portal.link()`): scopes the page to the link's account"),
})
