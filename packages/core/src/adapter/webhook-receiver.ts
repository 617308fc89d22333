import type { ApiResponse } from '../api/handle-request.js'
import { errorResponse } from '../api/problem.js'
import { createVerifier, type VerifiedWebhook, type VerifyOptions } from '../signing/verify.js'

type Headers = Readonly<Record<string, string | string[] | undefined>>

/** How a request was verified: scheme, webhook-id, timestamp, which secret matched. */
export type WebhookVerification = Omit<VerifiedWebhook, 'event'>

/** What every adapter's `verifyWebhook(options)` takes; `Req` is the framework's request (or context). */
export interface ReceiverOptions<Req> extends VerifyOptions {
  /**
   * The exact URL the sender posts to (the calltracking scheme signs it).
   * @default the request's own URL, as the adapter sees it
   */
  url?: string | ((req: Req) => string)
  /**
   * The largest body accepted.
   * @default 1048576 (1 MiB)
   */
  limit?: number
}

/** What the adapter knows about its framework. */
export interface ReceiverDefaults<Req> {
  /** The request's own URL, used when the `url` option is not given. */
  url(req: Req): string
  /** Logs an unexpected failure (not a rejected signature). @default console.error */
  logError?(req: Req, error: unknown): void
}

/** One incoming request, in the adapter's words: headers and a way to get the raw bytes. */
export interface IncomingRequest {
  headers: Headers
  /** The raw body, read up to `limit` bytes (more: throw `payload_too_large`). */
  rawBody(limit: number): Promise<Buffer>
}

export type ReceiverOutcome =
  | { ok: true; webhook: unknown; verification: WebhookVerification }
  | { ok: false; error: unknown; response: ApiResponse }

/** Receiving side of an adapter: returns the verified webhook, or what went wrong and the problem+json answer to send. */
export type WebhookReceiver<Req> = (req: Req, incoming: IncomingRequest) => Promise<ReceiverOutcome>

const DEFAULT_LIMIT = 1024 * 1024

/**
 * Resolves `verifyWebhook` options once (a missing secret throws here, at setup) and returns the
 * per-request check: read the raw body, verify it, and either hand over the event or the answer
 * (401 problem+json for a bad signature, 413 for a body too large, 500 with what to change when a
 * body parser consumed the bytes).
 */
export function createReceiver<Req>(options: ReceiverOptions<Req>, defaults: ReceiverDefaults<Req>): WebhookReceiver<Req> {
  if (typeof options !== 'object' || options === null) throw new TypeError('callhook: verifyWebhook needs options: verifyWebhook({ secret })')
  const { url, limit = DEFAULT_LIMIT, ...verifyOptions } = options
  if (typeof limit !== 'number' || !(limit > 0)) throw new TypeError(`callhook: verifyWebhook's \`limit\` must be a positive number of bytes, not ${String(limit)}`)
  const verify = createVerifier(verifyOptions)
  const logError = defaults.logError ?? ((_req: Req, error: unknown) => console.error('callhook: verifyWebhook failed unexpectedly', error))
  return async function receiveWebhook(req, incoming) {
    try {
      const rawBody = await incoming.rawBody(limit)
      const requestUrl = () => (typeof url === 'function' ? url(req) : (url ?? defaults.url(req)))
      const { event, ...verification } = verify({ headers: incoming.headers, rawBody, url: requestUrl })
      return { ok: true, webhook: event, verification }
    } catch (error) {
      return { ok: false, error, response: errorResponse(error, (e) => logError(req, e)) }
    }
  }
}
