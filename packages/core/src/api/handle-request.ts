import { CallhookError } from '../errors.js'
import type { ResolvedWebhooksOptions } from '../options.js'
import { errorResponse } from './problem.js'
import { readJsonBody } from './read-body.js'
import { matchRoute, type ApiServices, type Route, type RouteResult } from './route-table.js'
import { restRoutes } from './routes.js'

/** A REST request as an adapter hands it over. */
export interface ApiRequest {
  method: string
  /** The path under the mount point: `/endpoints/ep_…`. */
  path: string
  query?: Readonly<Record<string, unknown>> | URLSearchParams | undefined
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The body: a Buffer or string, the request stream itself, or a value a body parser already made. */
  body?: unknown
  /**
   * The tenant (account) the request is scoped to, from the adapter's `tenant(req)` option;
   * undefined when no tenant option is set; null when it is set but found no tenant (401).
   */
  tenant?: string | null | undefined
}

export interface ApiResponse {
  status: number
  headers: Record<string, string>
  /** Serialised body; undefined for 204. */
  body: string | undefined
}

/** What the REST API works with: the services its routes call, and the options it reads. */
export interface ApiContext {
  readonly services: ApiServices
  readonly options: ResolvedWebhooksOptions
}

/**
 * The whole REST API, framework-free: routing, validation, status codes and problem+json are
 * decided here, once, for every adapter, from the route table (`routes.ts`).
 */
export async function handleRequest(api: ApiContext, request: ApiRequest, routes: readonly Route[] = restRoutes): Promise<ApiResponse> {
  try {
    if (request.tenant === null || request.tenant === '') {
      throw new CallhookError('unauthenticated', 'This request has no tenant: the tenant(req) option returned nothing (is the user signed in?)')
    }
    const method = request.method.toUpperCase()
    const path = (request.path || '/').replace(/\/{2,}/g, '/')
    const found = matchRoute(routes, method, path)
    if (!found) throw new CallhookError('not_found', `No route for ${method} ${path}`)
    if ('allow' in found) {
      const allow = found.allow.join(', ')
      const response = errorResponse(new CallhookError('method_not_allowed', `${method} is not allowed on ${path}; use ${allow}`))
      return { ...response, headers: { ...response.headers, allow } }
    }
    const params = Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, decodePart(v)]))
    const result = await found.route.handler(api.services, {
      params,
      query: flattenQuery(request.query),
      body: () => readJsonBody(request.body, request.headers, api.options.bodyLimitBytes),
      scope: request.tenant !== undefined ? { accountId: request.tenant } : {},
    })
    return toResponse(result)
  } catch (error) {
    return errorResponse(error, (e) => api.options.logger.error('callhook: internal error in the REST API', e))
  }
}

function toResponse(result: RouteResult): ApiResponse {
  const headers = result.headers ?? {}
  if ('raw' in result) return { status: result.status, headers: { ...headers, 'content-type': result.contentType }, body: result.raw }
  if (result.body === undefined) return { status: result.status, headers, body: undefined }
  return { status: result.status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(result.body) }
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
