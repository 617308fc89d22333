import { createVerifier, errorResponse, readVerifiableBody, type VerifiedWebhook, type VerifyOptions } from '@callhook/core'
import type { Context, Next } from 'koa'
import { send } from './webhooks.js'

declare module 'koa' {
  interface DefaultState {
    /** The verified, parsed webhook (the JSON event, or the form fields), set by verifyWebhook. */
    webhook?: unknown
    /** How it was verified: scheme, webhook-id, timestamp, which secret matched. */
    webhookVerification?: Omit<VerifiedWebhook, 'event'>
  }
}

export interface KoaVerifyOptions extends VerifyOptions {
  /**
   * The exact URL the sender posts to (the calltracking scheme signs it).
   * @default `ctx.href` (set `app.proxy = true` behind a proxy)
   */
  url?: string | ((ctx: Context) => string)
  /**
   * The largest body accepted.
   * @default 1048576 (1 MiB)
   */
  limit?: number
}

const PARSER_HINT =
  'Mount verifyWebhook before the body parser, or keep its raw text: @koa/bodyparser and koa-bodyparser set ctx.request.rawBody, which verifyWebhook uses.'

/** Receiving side: checks the signature, sets `ctx.state.webhook`, answers 401 problem+json when it is not genuine. */
export function verifyWebhook(options: KoaVerifyOptions) {
  const { url, limit = 1024 * 1024, ...verifyOptions } = options
  const verify = createVerifier(verifyOptions)
  return async function verifyWebhook(ctx: Context, next: Next): Promise<void> {
    let verified: VerifiedWebhook
    try {
      const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: unknown }
      const rawBody = await readVerifiableBody(request.rawBody ?? request.body, ctx.req, ctx.headers, limit, PARSER_HINT)
      verified = verify({ headers: ctx.headers, rawBody, url: () => (typeof url === 'function' ? url(ctx) : url ?? ctx.href) })
    } catch (error) {
      send(ctx, errorResponse(error, (e) => console.error('callhook: verifyWebhook failed unexpectedly', e)))
      return
    }
    const { event, ...verification } = verified
    ctx.state.webhook = event
    ctx.state.webhookVerification = verification
    await next()
  }
}
