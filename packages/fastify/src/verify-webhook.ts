import { createVerifier, errorResponse, readVerifiableBody, type VerifiedWebhook, type VerifyOptions } from '@callhook/core'
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { CAPTURE, rawBodies, rawBodyCapture } from './raw-body-capture.js'
import { sendResponse } from './send-response.js'

export interface FastifyVerifyOptions extends VerifyOptions {
  /**
   * The exact URL the sender posts to (the calltracking scheme signs it).
   * @default `${request.protocol}://${request.host}${request.url}` (set `trustProxy` behind a proxy)
   */
  url?: string | ((request: FastifyRequest) => string)
  /**
   * The largest body accepted.
   * @default 1048576 (1 MiB)
   */
  limit?: number
}

const PARSER_HINT =
  "Register @callhook/fastify before declaring the route — app.register(webhooks) or app.register(webhookReceiver) — and pass verifyWebhook as the route's preHandler option: app.post('/incoming', { preHandler: verifyWebhook({ secret }) }, handler)."

/**
 * Receiving side, as a route `preHandler`: checks the signature, sets `request.webhook`, answers
 * 401 problem+json when it is not genuine. The plugin keeps the route's raw body for it.
 */
export function verifyWebhook(options: FastifyVerifyOptions): preHandlerAsyncHookHandler & { [CAPTURE]: ReturnType<typeof rawBodyCapture> } {
  const { url, limit = 1024 * 1024, ...verifyOptions } = options
  const verify = createVerifier(verifyOptions)
  const handler = async function verifyWebhook(request: FastifyRequest, reply: FastifyReply) {
    let verified: VerifiedWebhook
    try {
      const rawBody = rawBodies.get(request) ?? (await readVerifiableBody(request.body, request.raw, request.headers, limit, PARSER_HINT))
      const requestUrl = () => (typeof url === 'function' ? url(request) : url ?? `${request.protocol}://${request.host}${request.url}`)
      verified = verify({ headers: request.headers, rawBody, url: requestUrl })
    } catch (error) {
      const response = errorResponse(error, (e) => request.log.error(e, 'callhook: verifyWebhook failed unexpectedly'))
      return sendResponse(reply, response)
    }
    const { event, ...verification } = verified
    request.webhook = event
    request.webhookVerification = verification
  }
  return Object.assign(handler, { [CAPTURE]: rawBodyCapture(limit) })
}
