import { Readable } from 'node:stream'
import { createReceiver, errorResponse, isUnparseableJson, readRawBody, readVerifiableBody, type ApiResponse, type ReceiverOptions } from '@callhook/core/adapter'
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler, RouteOptions } from 'fastify'

/** The secret(s), scheme, tolerance, `url` (default `${request.protocol}://${request.host}${request.url}`; `trustProxy` behind a proxy), `limit`. */
export interface FastifyVerifyOptions extends ReceiverOptions<FastifyRequest> {}

const rawBodies = new WeakMap<FastifyRequest, Buffer>()
// An empty or malformed JSON body would fail Fastify's JSON parser before verification: such a body
// is parsed as this private type instead, and its content type put back before the verifier runs.
const UNPARSED = 'application/x-callhook-unparsed'
const unparsedTypes = new WeakMap<FastifyRequest, string>()
const rawBodyLimits = new WeakMap<object, number>()
const PARSER_HINT = "Register @callhook/fastify before declaring the route — app.register(webhooks) or app.register(webhookReceiver) — and give the route " +
  "config: { webhook: { secret } } or preHandler: verifyWebhook({ secret }): app.post('/incoming', { config: { webhook: { secret } } }, handler)."

/** Writes a core response as it is: bytes, so Fastify adds nothing (no charset) to the core's headers. */
export function sendResponse(reply: FastifyReply, response: ApiResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body === undefined ? undefined : Buffer.from(response.body))
}

/** Receiving side, as a route `preHandler`: sets `request.webhook`, or answers 401 problem+json when it is not genuine. */
export function verifyWebhook(options: FastifyVerifyOptions): preHandlerAsyncHookHandler {
  const receive = createReceiver<FastifyRequest>(options, {
    url: (request) => `${request.protocol}://${request.host}${request.url}`,
    logError: (request, error) => request.log.error(error, 'callhook: verifyWebhook failed unexpectedly'),
  })
  const handler = async function verifyWebhook(request: FastifyRequest, reply: FastifyReply) {
    if (unparsedTypes.has(request)) request.raw.headers['content-type'] = unparsedTypes.get(request)
    const rawBody = async (limit: number) => rawBodies.get(request) ?? readVerifiableBody(request.body, request.raw, request.headers, limit, PARSER_HINT)
    const outcome = await receive(request, { headers: request.headers, rawBody })
    if (!outcome.ok) return sendResponse(reply, outcome.response)
    request.webhook = outcome.webhook
    request.webhookVerification = outcome.verification
  }
  rawBodyLimits.set(handler, options.limit ?? 1024 * 1024)
  return handler
}

const list = <T>(value: T | T[] | undefined): T[] => [value ?? []].flat() as T[]

/**
 * Once per instance tree: decorates requests with `webhook` and `webhookVerification`, and gives each
 * route declared from now on that verifies webhooks (route `config: { webhook }`, or a verifyWebhook
 * `preHandler`) a preParsing hook that keeps its raw bytes and hands the same bytes to its parser.
 */
export function installReceiving(fastify: FastifyInstance): void {
  if (fastify.hasRequestDecorator('webhookVerification')) return
  fastify.decorateRequest('webhook', undefined)
  fastify.decorateRequest('webhookVerification', undefined)
  fastify.addContentTypeParser(UNPARSED, (_request, _payload, done) => done(null, undefined))
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.config?.webhook) route.preHandler = [verifyWebhook(route.config.webhook), ...list(route.preHandler)]
    const limit = list(route.preHandler).map((handler) => rawBodyLimits.get(handler)).find((l) => l !== undefined)
    if (limit === undefined) return
    route.preParsing = [...list(route.preParsing), async function keepRawBody(request, reply, payload) {
      try {
        const raw = (await readRawBody(payload, request.headers, limit)) ?? Buffer.alloc(0)
        rawBodies.set(request, raw)
        if (isUnparseableJson(request.headers['content-type'], raw)) [unparsedTypes.set(request, request.headers['content-type']!), request.raw.headers['content-type'] = UNPARSED]
        return Object.assign(Readable.from(raw.length ? [raw] : []), { receivedEncodedLength: raw.length })
      } catch (error) {
        return sendResponse(reply, errorResponse(error))
      }
    }]
  })
}
