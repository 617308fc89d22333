import { CallhookError, type VerifiedWebhook } from '@callhook/core'
import { createReceiver, errorResponse, readRawBody, type ReceiverOptions } from '@callhook/core/adapter'
import { bodyStream, headersOf } from './web-body.js'
import { toResponse } from './webhooks.js'

/** The secret(s), scheme and tolerance; `url` (default `request.url`; pass it behind a proxy that rewrites it) and `limit`. */
export interface FetchVerifyOptions extends ReceiverOptions<Request> {}

const CONSUMED =
  'verifyWebhook needs the raw request body to check the signature, but it was already read (request.json(), text(), formData() or a validator). ' +
  'Verify first and use the returned event, or verify a copy read nothing from: verify(request.clone()).'

/**
 * Receiving side: `const { event, scheme } = await verify(request)`. Rejects with a
 * `WebhookVerificationError` (status 401, `code`) when the request is not genuine, or a `CallhookError`
 * (413 too large, 500 body already read); `problemResponse(error)` turns either into the answer.
 */
export function verifyWebhook(options: FetchVerifyOptions): (request: Request) => Promise<VerifiedWebhook> {
  const receive = createReceiver<Request>(options, { url: (request) => request.url, logError: () => {} })
  return async function verifyWebhook(request: Request): Promise<VerifiedWebhook> {
    const headers = headersOf(request)
    const rawBody = async (limit: number) => {
      if (request.bodyUsed) throw new CallhookError('body_already_parsed', CONSUMED)
      return (await readRawBody(bodyStream(request), headers, limit)) ?? Buffer.alloc(0)
    }
    const outcome = await receive(request, { headers, rawBody })
    if (!outcome.ok) throw outcome.error
    return { event: outcome.webhook, ...outcome.verification }
  }
}

/** The problem+json Response for anything `verify(request)` threw: 401 for a bad signature, 413, 500 with what to change. */
export function problemResponse(error: unknown): Response {
  return toResponse(errorResponse(error, (e) => console.error('callhook: verifyWebhook failed unexpectedly', e)))
}

/**
 * A whole receiving route: verifies, then calls `handler` with the verified webhook; a request
 * that is not genuine gets the problem+json answer and never reaches it.
 */
export function handleWebhook(
  options: FetchVerifyOptions,
  handler: (webhook: VerifiedWebhook, request: Request) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const verify = verifyWebhook(options)
  return async function handleWebhook(request: Request): Promise<Response> {
    let webhook: VerifiedWebhook
    try {
      webhook = await verify(request)
    } catch (error) {
      return problemResponse(error)
    }
    return handler(webhook, request)
  }
}
