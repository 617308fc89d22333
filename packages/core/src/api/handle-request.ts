import type { Scope } from '../context.js'
import { CallhookError } from '../errors.js'
import type { Webhooks } from '../webhooks-interface.js'
import type { ApiRequest, ApiResponse } from './api-types.js'
import { checkCrossOrigin } from './cross-origin.js'
import { errorResponse } from './problem.js'
import { readJsonBody } from './read-body.js'

export type { ApiRequest, ApiResponse } from './api-types.js'

interface RouteContext {
  params: Record<string, string>
  query: Record<string, string>
  body: () => Promise<unknown>
  scope: Scope
}

type Handler = (hooks: Webhooks, ctx: RouteContext) => Promise<[status: number, body?: unknown]>

const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = []

function route(method: string, path: string, handler: Handler): void {
  const pattern = new RegExp(`^${path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}/?$`)
  routes.push({ method, pattern, handler })
}

route('GET', '/event-types', async (h) => [200, { data: h.eventTypes.describe() }])
route('GET', '/endpoints', async (h, c) => [200, await h.endpoints.list({ limit: c.query.limit, cursor: c.query.cursor }, c.scope)])
route('POST', '/endpoints', async (h, c) => [201, await h.endpoints.create(await c.body(), c.scope)])
route('GET', '/endpoints/:id', async (h, c) => {
  const endpoint = await h.endpoints.get(c.params.id!, c.scope)
  const [deliveryCounts, recentAttempts] = await Promise.all([h.store.countDeliveries(endpoint.id), h.store.recentAttempts(endpoint.id, 10)])
  return [200, { ...endpoint, deliveryCounts, recentAttempts }]
})
route('PATCH', '/endpoints/:id', async (h, c) => [200, await h.endpoints.update(c.params.id!, await c.body(), c.scope)])
route('DELETE', '/endpoints/:id', async (h, c) => {
  await h.endpoints.delete(c.params.id!, c.scope)
  return [204]
})
route('GET', '/endpoints/:id/secret', async (h, c) => [200, await h.endpoints.secret(c.params.id!, c.scope)])
route('POST', '/endpoints/:id/secret/rotate', async (h, c) => [200, await h.endpoints.rotateSecret(c.params.id!, await c.body(), c.scope)])
route('POST', '/endpoints/:id/test', async (h, c) => [200, await h.endpoints.test(c.params.id!, await c.body(), c.scope)])
route('GET', '/endpoints/:id/deliveries', async (h, c) => [200, await h.endpoints.deliveries(c.params.id!, c.query, c.scope)])
route('POST', '/endpoints/:id/replay', async (h, c) => [202, await h.endpoints.replay(c.params.id!, await c.body(), c.scope)])
route('GET', '/deliveries/:id', async (h, c) => [200, await h.deliveries.get(c.params.id!, c.scope)])
route('POST', '/deliveries/:id/redeliver', async (h, c) => [202, await h.deliveries.redeliver(c.params.id!, c.scope)])
route('POST', '/events', async (h, c) => [202, await h.events.emitRequest(await c.body(), c.scope)])
route('GET', '/events/:id', async (h, c) => [200, await h.events.get(c.params.id!, c.scope)])

/**
 * The whole REST API, framework-free: routing, validation, status codes and problem+json are
 * decided here, once, for every adapter.
 */
export async function handleRequest(hooks: Webhooks, request: ApiRequest): Promise<ApiResponse> {
  try {
    if (request.tenant === null || request.tenant === '') {
      throw new CallhookError('unauthenticated', 'This request has no tenant: the tenant(req) option returned nothing (is the user signed in?)')
    }
    const method = request.method.toUpperCase()
    checkCrossOrigin(method, request.headers, hooks.options.trustedOrigins)
    const path = request.path || '/'
    const matching = routes.map((r) => ({ r, match: r.pattern.exec(path) })).filter((m) => m.match !== null)
    if (matching.length === 0) throw new CallhookError('not_found', `No route for ${method} ${path}`)
    const found = matching.find((m) => m.r.method === method)
    if (!found) {
      const allow = [...new Set(matching.map((m) => m.r.method))].join(', ')
      const response = errorResponse(new CallhookError('method_not_allowed', `${method} is not allowed on ${path}; use ${allow}`))
      return { ...response, headers: { ...response.headers, allow } }
    }
    const params = Object.fromEntries(Object.entries(found.match!.groups ?? {}).map(([k, v]) => [k, decodePart(v)]))
    const [status, body] = await found.r.handler(hooks, {
      params,
      query: flattenQuery(request.query),
      body: () => readJsonBody(request.body, request.headers, hooks.options.bodyLimitBytes),
      scope: request.tenant !== undefined ? { accountId: request.tenant } : {},
    })
    if (body === undefined) return { status, headers: {}, body: undefined }
    return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }
  } catch (error) {
    return errorResponse(error, (e) => hooks.options.logger.error('callhook: internal error in the REST API', e))
  }
}

function flattenQuery(query: ApiRequest['query']): Record<string, string> {
  const out: Record<string, string> = {}
  if (!query) return out
  const entries = query instanceof URLSearchParams ? [...query.entries()] : Object.entries(query)
  for (const [key, value] of entries) {
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === 'string') out[key] = first
  }
  return out
}

function decodePart(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new CallhookError('not_found', `No resource with id "${value}"`)
  }
}
