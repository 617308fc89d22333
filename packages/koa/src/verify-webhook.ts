import { createReceiver, readVerifiableBody, type ReceiverOptions, type WebhookVerification } from '@callhook/core/adapter'
import type { Context, Next } from 'koa'
import { send } from './webhooks.js'

declare module 'koa' {
  interface DefaultState {
    /** The verified, parsed webhook (the JSON event, or the form fields), set by verifyWebhook. */
    webhook?: unknown
    /** How it was verified: scheme, webhook-id, timestamp, which secret matched. */
    webhookVerification?: WebhookVerification
  }
}

/** The secret(s), scheme and tolerance; `url` (default `ctx.href`, set `app.proxy = true` behind a proxy) and `limit`. */
export interface KoaVerifyOptions extends ReceiverOptions<Context> {}

const PARSER_HINT =
  'Mount verifyWebhook before the body parser, or keep its raw text: @koa/bodyparser and koa-bodyparser set ctx.request.rawBody, which verifyWebhook uses.'

/** Receiving side: checks the signature, sets `ctx.state.webhook`, answers 401 problem+json when it is not genuine. */
export function verifyWebhook(options: KoaVerifyOptions) {
  const receive = createReceiver<Context>(options, { url: (ctx) => ctx.href })
  return async function verifyWebhook(ctx: Context, next: Next): Promise<void> {
    const request = ctx.request as typeof ctx.request & { body?: unknown; rawBody?: unknown }
    const rawBody = (limit: number) => readVerifiableBody(request.rawBody ?? request.body, ctx.req, ctx.headers, limit, PARSER_HINT)
    const outcome = await receive(ctx, { headers: ctx.headers, rawBody })
    if (!outcome.ok) return send(ctx, outcome.response)
    ctx.state.webhook = outcome.webhook
    ctx.state.webhookVerification = outcome.verification
    await next()
  }
}
