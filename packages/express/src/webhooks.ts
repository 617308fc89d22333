import { defaultWebhooks, normaliseMountPath, pathUnderMount, type ApiResponse, type Webhooks, type WebhooksOptions } from '@callhook/core'
import type { NextFunction, Request, Response } from 'express'

export interface ExpressWebhooksOptions extends WebhooksOptions {
  /**
   * Where the REST API is served, under the app (or router) it is mounted on.
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
   * The tenant (account) of a request: every route is scoped to it, and another tenant's records
   * answer 404. Returning nothing answers 401.
   * @default undefined (no tenancy)
   */
  tenant?: (req: Request) => string | null | undefined | Promise<string | null | undefined>
}

export interface WebhooksMiddleware {
  (req: Request, res: Response, next: NextFunction): Promise<void>
  /** The instance this middleware serves: `emit`, `endpoints`, `close`… */
  readonly hooks: Webhooks
}

/** The callhook REST API as Express middleware: `app.use(webhooks())`. */
export function webhooks(options: ExpressWebhooksOptions = {}): WebhooksMiddleware {
  const { path = '/webhooks', hooks: given, tenant, ...coreOptions } = options
  const hooks = given ?? defaultWebhooks(Object.keys(coreOptions).length > 0 ? coreOptions : undefined)
  const mount = normaliseMountPath(path)

  const middleware = async function callhookWebhooks(req: Request, res: Response, next: NextFunction): Promise<void> {
    const subPath = pathUnderMount(req.url, mount)
    if (subPath === null) return next()
    try {
      const response = await hooks.handleRequest({
        method: req.method,
        path: subPath,
        query: req.query as Record<string, unknown>,
        headers: req.headers,
        body: req.body ?? req,
        tenant: tenant ? ((await tenant(req)) ?? null) : undefined,
      })
      send(res, response)
    } catch (error) {
      next(error)
    }
  }
  return Object.assign(middleware, { hooks })
}

export function send(res: Response, response: ApiResponse): void {
  res.status(response.status)
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value)
  res.end(response.body)
}
