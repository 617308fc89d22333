import { z } from 'zod'
import { PROBLEM_CONTENT_TYPE } from './problem.js'
import { pathParameters, type Route } from './route-table.js'
import { problemView } from './schemas/common.js'
import { nameOf, namedSchemas, type SchemaDirection } from './schemas/named.js'

type Json = Record<string, unknown>

export interface OpenApiDocument {
  openapi: '3.1.0'
  info: { title: string; version: string; description: string }
  servers: Array<{ url: string; description: string }>
  tags: Array<{ name: string }>
  paths: Record<string, Record<string, Json>>
  /** What callhook sends to endpoints, by event type (JSON format). */
  webhooks?: Record<string, Record<string, Json>>
  components: { schemas: Record<string, Json>; responses: Record<string, Json> }
}

const DESCRIPTION = [
  "callhook's REST API, mounted by the host app (under `/webhooks` by default): endpoints, the delivery log, redelivery and replay, test sends, and emitting events.",
  'JSON in and out; every error is `application/problem+json` (RFC 9457) with a stable `code` and, for validation errors, `errors` naming each bad field.',
  "**Tenancy.** When the host sets the `tenant(req)` option, every route is scoped to that tenant: an endpoint, delivery or event of another tenant answers 404, exactly like one that does not exist, and a request for which `tenant(req)` finds no tenant answers 401.",
  "Authentication is the host app's: its own middleware runs before this API. A portal link's token (`hooks.portal.link()`), sent as `Authorization: Bearer chpl1.…`, scopes a request to the link's account instead of `tenant(req)`; a read-only link may only read.",
].join('\n\n')

/** Every operation may answer these: no tenant (401), an internal error (500), a closed instance (503). */
const COMMON_PROBLEMS = [401, 500, 503]

/** Each problem status: its name in `components.responses`, and when it is answered. */
const PROBLEMS: Record<number, [name: string, description: string]> = {
  400: ['BadRequest', 'A query parameter or body field is not valid (`errors` names each), or the body is not valid JSON'],
  401: ['Unauthenticated', "The host's `tenant(req)` option found no tenant for this request (`unauthenticated`), or the portal link sent as `Authorization: Bearer` is forged, tampered or expired (`invalid_portal_link`)"],
  403: ['Forbidden', 'A state-changing request the browser marked as cross-site (`cross_origin_request`; see the `trustedOrigins` option), or a read-only portal link asking to change something or reveal a secret (`read_only_portal_link`)'],
  404: ['NotFound', "No such route, or no such record (another tenant's records answer 404 too)"],
  405: ['MethodNotAllowed', 'The path exists, but not with this method; `Allow` lists the methods it has'],
  409: ['Conflict', 'The request conflicts with the current state'],
  413: ['PayloadTooLarge', 'The body is larger than the `bodyLimitBytes` option (default 1 MiB)'],
  415: ['UnsupportedMediaType', 'The body is not JSON (send Content-Type: application/json)'],
  500: ['InternalError', 'An internal error; the details are logged, not sent'],
  503: ['Unavailable', 'This callhook instance is closed, or its store does not answer (`store_unavailable`)'],
}

const schemaRef = (id: string) => ({ $ref: `#/components/schemas/${id}` })
const problemName = (status: number) => PROBLEMS[status]?.[0] ?? `Problem${status}`

/** `/endpoints/:id` -> `/endpoints/{id}`; a final `*` -> `{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)\*$/, '{$1}').replace(/\*$/, '{path}').replace(/:(\w+)/g, '{$1}')
}

/**
 * The problem statuses a route may answer: the common ones, its own, and those its query or body
 * bring; a status the route answers itself (`/health`'s 503) is described by its own answer.
 */
export function problemStatuses(route: Route): number[] {
  const statuses = new Set([...COMMON_PROBLEMS, ...(route.problems ?? [])])
  // A public route (the portal's page and assets, /health) is answered without a tenant: never 401.
  if (route.public) statuses.delete(401)
  if (route.query || route.body) statuses.add(400)
  if (route.body) [413, 415].forEach((s) => statuses.add(s))
  // State-changing requests a browser marks as cross-site are refused (trustedOrigins to allow some).
  if (route.method !== 'GET') statuses.add(403)
  return [...statuses].filter((status) => !(status in route.answers)).sort((a, b) => a - b)
}

/**
 * The OpenAPI 3.1 document of a route table. Request bodies and query parameters are the zod
 * schemas the services validate with, converted in input mode; answers are converted in output
 * mode; schemas given a name (`named()`) are shared through `components.schemas`.
 */
export function buildOpenApiDocument(
  routes: readonly Route[],
  info: { version: string; webhooks?: ReadonlyArray<{ name: string; summary: string; schema: z.ZodType }> },
): OpenApiDocument {
  const documented = routes.filter((route) => route.documented !== false)
  const { schemas, ids } = componentSchemas(documented)
  const statuses = new Set([404, 405])
  const paths: OpenApiDocument['paths'] = {}
  for (const route of documented) {
    const item = (paths[openApiPath(route.path)] ??= {})
    const method = route.method.toLowerCase()
    if (item[method]) throw new Error(`Two routes for ${route.method} ${route.path}`)
    const problems = problemStatuses(route)
    problems.forEach((status) => statuses.add(status))
    item[method] = operation(route, problems, ids)
  }
  return {
    openapi: '3.1.0',
    info: { title: 'callhook REST API', version: info.version, description: DESCRIPTION },
    servers: [{ url: '.', description: 'Where this document was fetched from: the path the host mounted the API under (e.g. /webhooks)' }],
    tags: [...new Set([...documented.map((route) => route.tag), ...(info.webhooks?.length ? ['Webhooks'] : [])])].map((name) => ({ name })),
    paths,
    ...(info.webhooks?.length ? { webhooks: webhookItems(info.webhooks, ids) } : {}),
    components: { schemas, responses: problemResponses([...statuses].sort((a, b) => a - b), ids.get(problemView)!) },
  }
}

function operation(route: Route, problems: number[], ids: Map<z.ZodType, string>): Json {
  const parameters: Json[] = pathParameters(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }))
  if (route.query) parameters.push(...objectParameters(route.query, 'query'))
  if (route.headers) parameters.push(...objectParameters(route.headers, 'header'))
  const responses: Json = {}
  for (const [status, answer] of Object.entries(route.answers)) {
    const content = answer.schema
      ? { 'application/json': { schema: schemaRef(ids.get(answer.schema)!) } }
      : answer.contentType ? { [answer.contentType]: { schema: { type: 'string' } } } : undefined
    const headers = answer.headers && Object.fromEntries(Object.entries(answer.headers).map(([name, h]) => [name, { description: h.description, schema: toJson(h.schema, 'output') }]))
    responses[status] = { description: answer.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) }
  }
  for (const status of problems) responses[status] = { $ref: `#/components/responses/${problemName(status)}` }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: route.body.required, content: { 'application/json': { schema: schemaRef(ids.get(route.body.schema)!) } } } } : {}),
    responses,
  }
}

const toJson = (schema: z.ZodType, io: SchemaDirection): Json => {
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', override: shorten }) as Json
  return json
}

/** One parameter per property of a query or headers schema (input mode); descriptions move to the parameter. */
function objectParameters(object: z.ZodObject, where: 'query' | 'header'): Json[] {
  const json = toJson(object, 'input') as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, { description, ...schema }]) => ({
    name, in: where, required: json.required?.includes(name) ?? false, ...(description ? { description } : {}), schema,
  }))
}

/** The named schemas, and the bodies and answers of the routes (named after their operation when not named already). */
function componentSchemas(routes: readonly Route[]): { schemas: Record<string, Json>; ids: Map<z.ZodType, string> } {
  const schemas: Record<string, Json> = {}
  const ids = new Map<z.ZodType, string>()
  for (const io of ['input', 'output'] as const) {
    const registry = z.registry<{ id: string }>()
    const add = (schema: z.ZodType, fallback: string) => {
      if (registry.has(schema)) return
      const name = nameOf(schema)
      if (name && name.io !== io) throw new Error(`Schema ${name.id} is named for ${name.io}, but a route uses it as ${io}`)
      const id = name?.id ?? fallback
      registry.add(schema, { id })
      ids.set(schema, id)
    }
    for (const [schema, id] of namedSchemas(io)) add(schema, id)
    for (const [schema, fallback] of routeSchemas(routes, io)) add(schema, fallback)
    const converted = z.toJSONSchema(registry, { io, unrepresentable: 'any', override: shorten, uri: (id) => schemaRef(id).$ref }).schemas
    for (const [id, { $schema: _schema, $id: _id, ...schema }] of Object.entries(converted)) {
      if (schemas[id]) throw new Error(`Two schemas are named ${id}`)
      schemas[id] = schema
    }
  }
  return { schemas, ids }
}

/** Drops what says nothing: zod's long date-time pattern (`format` says it) and the safe-integer bounds of `z.int()`. */
function shorten({ jsonSchema }: { jsonSchema: { format?: string; pattern?: string; minimum?: number; maximum?: number } }): void {
  if (jsonSchema.format === 'date-time') delete jsonSchema.pattern
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum
}

function routeSchemas(routes: readonly Route[], io: SchemaDirection): Array<[z.ZodType, string]> {
  const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
  if (io === 'input') return routes.flatMap((r) => (r.body ? [[r.body.schema, `${pascal(r.operationId)}Request`] as [z.ZodType, string]] : []))
  return routes.flatMap((r) => Object.entries(r.answers).flatMap(([status, a]) => (a.schema ? [[a.schema, `${pascal(r.operationId)}${status}`] as [z.ZodType, string]] : [])))
}

function webhookItems(webhooks: ReadonlyArray<{ name: string; summary: string; schema: z.ZodType }>, ids: Map<z.ZodType, string>): Record<string, Record<string, Json>> {
  const items: Record<string, Record<string, Json>> = {}
  for (const hook of webhooks) {
    items[hook.name] = {
      post: {
        operationId: `receive${ids.get(hook.schema)!}`, summary: hook.summary, tags: ['Webhooks'],
        requestBody: { required: true, content: { 'application/json': { schema: schemaRef(ids.get(hook.schema)!) } } },
        responses: { '2XX': { description: 'Received; any other answer is retried' } },
      },
    }
  }
  return items
}

function problemResponses(statuses: number[], problemId: string): Record<string, Json> {
  const responses: Record<string, Json> = {}
  for (const status of statuses) {
    const schema = { allOf: [schemaRef(problemId), { properties: { status: { const: status } } }] }
    responses[problemName(status)] = {
      description: PROBLEMS[status]?.[1] ?? `HTTP ${status}`,
      ...(status === 405 ? { headers: { Allow: { description: 'The methods the path has', schema: { type: 'string' } } } } : {}),
      content: { [PROBLEM_CONTENT_TYPE]: { schema } },
    }
  }
  return responses
}
