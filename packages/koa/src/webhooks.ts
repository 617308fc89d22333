import type { Webhooks } from '@callhook/core'
import { createApiMount, type AdapterOptions, type ApiResponse } from '@callhook/core/adapter'
import type { Context, Next } from 'koa'

/** `path`, `hooks`, `tenant(ctx)` and the core options; see `AdapterOptions`. */
export interface KoaWebhooksOptions extends AdapterOptions<Context> {}

export interface KoaWebhooksMiddleware {
  (ctx: Context, next: Next): Promise<void>
  /** The instance this middleware serves. */
  readonly hooks: Webhooks
}

/** The callhook REST API as Koa middleware: `app.use(webhooks())`. */
export function webhooks(options: KoaWebhooksOptions = {}): KoaWebhooksMiddleware {
  const api = createApiMount(options)
  const middleware = async function callhookWebhooks(ctx: Context, next: Next): Promise<void> {
    const path = api.match(ctx.path)
    if (path === null) return next()
    const request = ctx.request as typeof ctx.request & { body?: unknown }
    send(ctx, await api.handle(ctx, { method: ctx.method, path, query: ctx.query, headers: ctx.headers, body: request.body ?? ctx.req }))
  }
  return Object.assign(middleware, { hooks: api.hooks })
}

export function send(ctx: Context, response: ApiResponse): void {
  ctx.status = response.status
  ctx.set(response.headers)
  ctx.body = response.body ?? null
}
