import { defaultWebhooks, normaliseMountPath, pathUnderMount, type ApiResponse, type Webhooks, type WebhooksOptions } from '@callhook/core'
import type { Context, Next } from 'koa'

export interface KoaWebhooksOptions extends WebhooksOptions {
  /**
   * Where the REST API is served.
   * @default '/webhooks'
   */
  path?: string
  /**
   * The callhook instance to serve. Core options (store, retry…) given here configure the default
   * instance instead, the one the module-level `emit()` uses.
   * @default the default instance
   */
  hooks?: Webhooks
  /**
   * The tenant (account) of a request; every route is scoped to it. Returning nothing answers 401.
   * @default undefined (no tenancy)
   */
  tenant?: (ctx: Context) => string | null | undefined | Promise<string | null | undefined>
}

export interface KoaWebhooksMiddleware {
  (ctx: Context, next: Next): Promise<void>
  /** The instance this middleware serves. */
  readonly hooks: Webhooks
}

/** The callhook REST API as Koa middleware: `app.use(webhooks())`. */
export function webhooks(options: KoaWebhooksOptions = {}): KoaWebhooksMiddleware {
  const { path = '/webhooks', hooks: given, tenant, ...coreOptions } = options
  const hooks = given ?? defaultWebhooks(Object.keys(coreOptions).length > 0 ? coreOptions : undefined)
  const mount = normaliseMountPath(path)

  const middleware = async function callhookWebhooks(ctx: Context, next: Next): Promise<void> {
    const subPath = pathUnderMount(ctx.path, mount)
    if (subPath === null) return next()
    const request = ctx.request as typeof ctx.request & { body?: unknown }
    const response = await hooks.handleRequest({
      method: ctx.method,
      path: subPath,
      query: ctx.query,
      headers: ctx.headers,
      body: request.body ?? ctx.req,
      tenant: tenant ? ((await tenant(ctx)) ?? null) : undefined,
    })
    send(ctx, response)
  }
  return Object.assign(middleware, { hooks })
}

export function send(ctx: Context, response: ApiResponse): void {
  ctx.status = response.status
  ctx.set(response.headers)
  ctx.body = response.body ?? null
}
