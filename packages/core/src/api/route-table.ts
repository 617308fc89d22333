import type { z } from 'zod'
import type { AccountService } from '../accounts/account-service.js'
import type { Scope } from '../context.js'
import type { DeliveryService } from '../delivery/delivery-service.js'
import type { EndpointService } from '../endpoints/endpoint-service.js'
import type { EventService } from '../events/event-service.js'
import type { EventRegistry } from '../events/registry.js'
import type { HealthService } from '../health/health-service.js'
import type { PortalLinks } from '../portal/portal-links.js'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The services a route handler may use; each handler takes the ones it needs. */
export interface ApiServices {
  readonly endpoints: EndpointService
  readonly deliveries: DeliveryService
  readonly events: EventService
  readonly eventTypes: EventRegistry
  readonly health: HealthService
  readonly account: AccountService
  /** Portal links; null when the `portal` option is false (the portal routes then answer 404). */
  readonly portal: PortalLinks | null
}

/** What a handler gets from the request. */
export interface RouteContext {
  /** Path parameters, URL-decoded: `:id` -> `params.id`; a final `*` (or `:name*`) -> the rest of the path. */
  params: Record<string, string>
  /** The first value of each query parameter. */
  query: Record<string, string>
  /** A request header's first value, by name in any case; undefined when absent. */
  header: (name: string) => string | undefined
  /** The JSON body, read (size-limited) on first call. */
  body: () => Promise<unknown>
  scope: Scope
  /** The request's headers, names in lower case (`accept-language`, `if-none-match`). */
  headers: Readonly<Record<string, string | string[] | undefined>>
  /** The path under the mount point as requested (a trailing slash kept): `/portal/`. */
  path: string
}

/**
 * A handler's answer: a JSON body (none for 204), or text with its own content type (a page, a
 * script) in `raw`.
 */
export type RouteResult =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; raw: string; contentType: string; headers?: Record<string, string> }

/** One answer a route gives, as the document describes it. */
export interface RouteAnswer {
  description: string
  /** The JSON body's schema (documented in output mode); absent: no body. */
  schema?: z.ZodType
  /** For a non-JSON answer: its media type (documented as a string body). */
  contentType?: string
  /** Response headers the answer may carry, by name. */
  headers?: Record<string, { description: string; schema: z.ZodType }>
}

/** One row of the route table: it drives both the request handler and the OpenAPI document. */
export interface Route {
  method: HttpMethod
  /** `/endpoints/:id`; a final `*` or `:name*` matches the rest of the path, slashes included. */
  path: string
  operationId: string
  summary: string
  description?: string
  tag: string
  /** The query parameters (documented in input mode). */
  query?: z.ZodObject
  /** Request headers the route reads (documented as header parameters, in input mode); the handler validates them. */
  headers?: z.ZodObject
  /** The JSON request body (documented in input mode); the handler's service validates it. */
  body?: { schema: z.ZodType; required: boolean }
  /** The success answers, by status. */
  answers: Record<number, RouteAnswer>
  /** Problem (error) statuses besides the common ones (401, 500, 503) and those a query or body brings (400, 413, 415). */
  problems?: number[]
  /** true: answered without a tenant or portal link (the route carries no account data). @default false */
  public?: boolean
  /** true: a read-only portal link gets 403 here even on GET (the secret). Any non-GET needs `manage` anyway. @default false */
  manage?: boolean
  /** false: served, but left out of the OpenAPI document. @default true */
  documented?: boolean
  handler(services: ApiServices, ctx: RouteContext): Promise<RouteResult>
}

interface CompiledPath {
  pattern: RegExp
  /** Regex group name -> parameter name (`*` becomes `path` unless named). */
  names: Map<string, string>
}

const compiled = new WeakMap<Route, CompiledPath>()

/** `/endpoints/:id` -> `^/endpoints/(?<p0>[^/]+)/?$`; a final `*` or `:name*` matches the rest. */
export function compilePath(path: string): CompiledPath {
  const names = new Map<string, string>()
  const source = path.split('/').map((segment, index, all) => {
    const wildcard = /^(?::(\w+))?\*$/.exec(segment)
    if (wildcard && index === all.length - 1) {
      names.set(`p${index}`, wildcard[1] ?? 'path')
      return `(?<p${index}>.+)`
    }
    const param = /^:(\w+)$/.exec(segment)
    if (param) {
      names.set(`p${index}`, param[1]!)
      return `(?<p${index}>[^/]+)`
    }
    if (/[:*]/.test(segment)) throw new Error(`Route path ${path}: "${segment}" is neither a literal, :param, nor a final *`)
    return segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  })
  return { pattern: new RegExp(`^${source.join('/')}/?$`), names }
}

/** The parameter names of a path, in order: `/endpoints/:id/secret` -> `['id']`. */
export function pathParameters(path: string): string[] {
  return [...compilePath(path).names.values()]
}

export type RouteMatch = { route: Route; params: Record<string, string> } | { allow: string[] } | null

/**
 * The route for a method and path; `{ allow }` when the path exists with other methods only;
 * null when no route has the path. Parameters are returned as matched (still URL-encoded).
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allow: string[] = []
  for (const route of routes) {
    let compiledPath = compiled.get(route)
    if (!compiledPath) compiled.set(route, (compiledPath = compilePath(route.path)))
    const match = compiledPath.pattern.exec(path)
    if (!match) continue
    if (route.method !== method) {
      if (!allow.includes(route.method)) allow.push(route.method)
      continue
    }
    const params: Record<string, string> = {}
    for (const [group, name] of compiledPath.names) params[name] = match.groups![group]!
    return { route, params }
  }
  return allow.length ? { allow } : null
}
