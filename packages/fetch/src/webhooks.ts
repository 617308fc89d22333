import { CallhookError, type Webhooks } from '@callhook/core'
import { createApiMount, errorResponse, type AdapterOptions, type ApiResponse } from '@callhook/core/adapter'
import { bodyStream, headersOf } from './web-body.js'

/** `path`, `hooks`, `tenant(request)` and the core options (see `AdapterOptions`), plus `fallback`. */
export interface FetchWebhooksOptions extends AdapterOptions<Request> {
  /**
   * Answers requests outside `path` (e.g. the rest of a Bun or Deno app).
   * @default a 404 problem+json
   */
  fallback?: (request: Request) => Response | Promise<Response>
}

export interface FetchWebhooksHandler {
  (request: Request): Promise<Response>
  /** The instance this handler serves: `emit`, `endpoints`, `close`… */
  readonly hooks: Webhooks
}

/** Turns a core response into a Web Response. */
export function toResponse(response: ApiResponse): Response {
  return new Response(response.body ?? null, { status: response.status, headers: response.headers })
}

/** The callhook REST API as a Web-standard handler: `Bun.serve({ fetch: webhooks() })`, Hono, Next.js route handlers. */
export function webhooks(options: FetchWebhooksOptions = {}): FetchWebhooksHandler {
  const { fallback, ...adapterOptions } = options
  if (fallback !== undefined && typeof fallback !== 'function') throw new TypeError('callhook: the `fallback` option must be a function (request) => Response')
  const api = createApiMount(adapterOptions)
  const handler = async function callhookWebhooks(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const path = api.match(url.pathname)
    if (path === null) {
      if (fallback) return fallback(request)
      return toResponse(errorResponse(new CallhookError('not_found', `No route for ${url.pathname}: the webhooks API is under ${api.path || '/'}`)))
    }
    const body = bodyStream(request)
    return toResponse(await api.handle(request, { method: request.method, path, query: url.searchParams, headers: headersOf(request), body }))
  }
  return Object.assign(handler, { hooks: api.hooks })
}
