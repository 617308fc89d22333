import { CallhookError } from '../errors.js'
import { PORTAL_TOKEN_PREFIX, type PortalGrant, type PortalLinks } from '../portal/portal-links.js'
import type { ResolvedWebhooksOptions } from '../options.js'
import type { ApiRequest, ApiResponse } from './api-types.js'
import { checkCrossOrigin } from './cross-origin.js'
import { errorResponse } from './problem.js'
import { readJsonBody } from './read-body.js'
import { matchRoute, type ApiServices, type Route, type RouteResult } from './route-table.js'
import { restRoutes } from './routes.js'

export type { ApiRequest, ApiResponse } from './api-types.js'

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
    const method = request.method.toUpperCase()
    const path = (request.path || '/').replace(/\/{2,}/g, '/')
    const found = matchRoute(routes, method, path)
    const grant = portalGrant(api.services.portal, request.headers)
    if (!grant && (request.tenant === null || request.tenant === '') && !(found && 'route' in found && found.route.public)) {
      throw new CallhookError('unauthenticated', 'This request has no tenant: the tenant(req) option returned nothing (is the user signed in?)')
    }
    checkCrossOrigin(method, request.headers, api.options.trustedOrigins)
    if (!found) throw new CallhookError('not_found', `No route for ${method} ${path}`)
    if ('allow' in found) {
      const allow = found.allow.join(', ')
      const response = errorResponse(new CallhookError('method_not_allowed', `${method} is not allowed on ${path}; use ${allow}`))
      return { ...response, headers: { ...response.headers, allow } }
    }
    if (grant?.capability === 'read' && (method !== 'GET' || found.route.manage)) {
      throw new CallhookError('read_only_portal_link', 'This portal link is read-only: it cannot change webhooks or reveal secrets')
    }
    const tenant = grant ? grant.accountId : request.tenant
    const params = Object.fromEntries(Object.entries(found.params).map(([k, v]) => [k, decodePart(v)]))
    const result = await found.route.handler(api.services, {
      params,
      query: flattenQuery(request.query),
      header: (name) => headerValue(request.headers, name),
      body: () => readJsonBody(request.body, request.headers, api.options.bodyLimitBytes),
      scope: tenant !== undefined && tenant !== null ? { accountId: tenant } : {},
      headers: request.headers,
      path,
    })
    return toResponse(result)
  } catch (error) {
    return errorResponse(error, (e) => api.options.logger.error('callhook: internal error in the REST API', e))
  }
}

/**
 * The grant of a callhook portal link sent as `Authorization: Bearer chpl1.…`: it scopes the request
 * to the link's account, overriding `tenant(req)`. Other bearer tokens are the host's business.
 */
function portalGrant(links: PortalLinks | null, headers: ApiRequest['headers']): PortalGrant | undefined {
  const value = headers.authorization
  const authorization = Array.isArray(value) ? value[0] : value
  const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1]
  if (!token?.startsWith(PORTAL_TOKEN_PREFIX)) return undefined
  if (!links) throw new CallhookError('invalid_portal_link', 'Portal links are turned off (the portal option is false)')
  return links.verify(token)
}

function toResponse(result: RouteResult): ApiResponse {
  const headers = result.headers ?? {}
  if ('raw' in result) return { status: result.status, headers: { ...headers, 'content-type': result.contentType }, body: result.raw }
  if (result.body === undefined) return { status: result.status, headers, body: undefined }
  return { status: result.status, headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(result.body) }
}

function headerValue(headers: ApiRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted) continue
    const first = Array.isArray(value) ? value[0] : value
    if (typeof first === 'string') return first
  }
  return undefined
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
