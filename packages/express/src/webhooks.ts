import type { Webhooks } from '@callhook/core'
import { createApiMount, type AdapterOptions, type ApiResponse } from '@callhook/core/adapter'
import type { NextFunction, Request, Response } from 'express'

/** `path`, `hooks`, `tenant(req)` and the core options; see `AdapterOptions`. */
export interface ExpressWebhooksOptions extends AdapterOptions<Request> {}

export interface WebhooksMiddleware {
  (req: Request, res: Response, next: NextFunction): Promise<void>
  /** The instance this middleware serves: `emit`, `endpoints`, `close`… */
  readonly hooks: Webhooks
}

/** The callhook REST API as Express middleware: `app.use(webhooks())`. */
export function webhooks(options: ExpressWebhooksOptions = {}): WebhooksMiddleware {
  const api = createApiMount(options)
  const middleware = async function callhookWebhooks(req: Request, res: Response, next: NextFunction): Promise<void> {
    const path = api.match(req.url)
    if (path === null) return next()
    try {
      const query = req.query as Record<string, unknown>
      send(res, await api.handle(req, { method: req.method, path, query, headers: req.headers, body: req.body ?? req }))
    } catch (error) {
      next(error)
    }
  }
  return Object.assign(middleware, { hooks: api.hooks })
}

export function send(res: Response, response: ApiResponse): void {
  res.status(response.status)
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value)
  res.end(response.body)
}
