import { compileErrors, validate } from '@readme/openapi-parser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveOptions } from '../options.js'
import { VERSION } from '../version.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import { handleRequest, type ApiContext } from './handle-request.js'
import { buildOpenApiDocument, openApiPath, type OpenApiDocument } from './openapi.js'
import type { Route } from './route-table.js'
import { restRoutes } from './routes.js'
import { endpointView } from './schemas/endpoint-views.js'

type Json = Record<string, any>

let hooks: Webhooks
let doc: OpenApiDocument
beforeEach(async () => {
  hooks = createWebhooks({ logger: { warn() {}, error() {} } })
  doc = JSON.parse((await hooks.handleRequest({ method: 'GET', path: '/openapi.json', headers: {} })).body!)
})
afterEach(() => hooks.close())

const operations = (d: OpenApiDocument) => Object.entries(d.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op: op as Json })))

describe('the OpenAPI document', () => {
  it('passes a real OpenAPI 3.1 validator', async () => {
    const result = await validate(structuredClone(doc) as never)
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true)
    expect(doc.openapi).toBe('3.1.0')
  })

  it('describes every route of the table, and nothing else', () => {
    expect(operations(doc).map((o) => o.key).sort()).toEqual(restRoutes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort())
    const ids = operations(doc).map((o) => o.op.operationId)
    expect(new Set(ids).size).toBe(restRoutes.length)
  })

  it("is served at GET /openapi.json with core's version, a server relative to the mount path, and the tenancy rule", async () => {
    expect(doc.info.version).toBe(VERSION)
    expect(doc.servers).toEqual([expect.objectContaining({ url: '.' })])
    expect(doc.info.description).toMatch(/tenant\(req\)[\s\S]*another tenant answers 404/)
    // A client joining the relative server (`/webhooks/`) and a path (`/endpoints`) may double the slash.
    expect((await hooks.handleRequest({ method: 'GET', path: '//event-types', headers: {} })).status).toBe(200)
  })

  it('describes requests in input mode (defaults optional) and answers in output mode (everything present, no secret)', () => {
    const { EndpointCreate, Endpoint, EndpointWithSecret, EndpointUpdate } = doc.components.schemas as Json
    expect(EndpointCreate.required).toEqual(['url'])
    expect(EndpointCreate.properties.events.default).toEqual(['*'])
    expect(EndpointCreate.properties.secret).toBeDefined()
    expect(EndpointUpdate.required).toBeUndefined()
    expect(EndpointUpdate.additionalProperties).toBe(false)
    expect(Endpoint.required).toEqual(Object.keys(endpointView.shape))
    expect(Endpoint.properties.secret).toBeUndefined()
    expect(Endpoint.additionalProperties).toBe(false)
    expect(EndpointWithSecret.required).toContain('secret')
    const page = (doc.components.schemas as Json).EndpointPage
    expect(page.properties).toEqual({ data: { type: 'array', items: { $ref: '#/components/schemas/Endpoint' } }, nextCursor: expect.objectContaining({ type: ['string', 'null'] }) })
  })

  it('documents query parameters from the same schemas the services check', () => {
    const params = (key: string) => operations(doc).find((o) => o.key === key)!.op.parameters.map((p: Json) => `${p.in}:${p.name}`)
    expect(params('GET /endpoints/{id}/deliveries')).toEqual(['path:id', 'query:status', 'query:from', 'query:to', 'query:limit', 'query:cursor'])
    expect(params('GET /endpoints')).toEqual(['query:limit', 'query:cursor'])
  })

  it('answers errors with problem+json, each status its own response, as each route can fail', () => {
    const statuses = (key: string) => Object.keys(operations(doc).find((o) => o.key === key)!.op.responses)
    expect(statuses('POST /endpoints')).toEqual(['201', '400', '401', '403', '413', '415', '500', '503'])
    expect(statuses('GET /endpoints/{id}')).toEqual(['200', '401', '404', '500', '503'])
    expect(statuses('DELETE /endpoints/{id}')).toEqual(['204', '401', '403', '404', '500', '503'])
    for (const { op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (Number(status) < 400 || !response.$ref) continue // a status the route answers itself (GET /health's 503)
        const named = (doc.components.responses as Json)[response.$ref.split('/').pop()]
        expect(named.content['application/problem+json'].schema.allOf[1]).toEqual({ properties: { status: { const: Number(status) } } })
      }
    }
    expect((doc.components.responses as Json).MethodNotAllowed.headers.Allow).toBeDefined()
  })

  it("documents GET /health's 503 as its own answer, with the same schema as its 200", () => {
    const health = operations(doc).find((o) => o.key === 'GET /health')!.op
    expect(Object.keys(health.responses)).toEqual(['200', '500', '503']) // public: no tenant needed, never 401
    expect(health.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Health' })
    expect(health.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Health' })
  })
})

describe('a route table with a non-JSON route and an undocumented one', () => {
  const routes: Route[] = [
    {
      method: 'GET', path: '/portal', operationId: 'portal', tag: 'Portal', summary: 'The portal page',
      answers: { 200: { description: 'The page', contentType: 'text/html; charset=utf-8' }, 503: { description: 'Down for maintenance', contentType: 'text/html; charset=utf-8' } },
      handler: async () => ({ status: 200, raw: '<!doctype html><title>portal</title>', contentType: 'text/html; charset=utf-8' }),
    },
    {
      method: 'GET', path: '/portal/assets/*', operationId: 'portalAsset', tag: 'Portal', summary: 'A portal asset', documented: false,
      answers: { 200: { description: 'The file', contentType: 'text/javascript' } },
      handler: async (_services, c) => ({ status: 200, raw: `/* ${c.params.path} */`, contentType: 'text/javascript; charset=utf-8', headers: { 'cache-control': 'max-age=60' } }),
    },
  ]
  const api: ApiContext = { services: {} as ApiContext['services'], options: resolveOptions({ logger: { warn() {}, error() {} } }) }

  it('answers raw text with its own content type, and a wildcard gets the rest of the path, slashes included', async () => {
    expect(await handleRequest(api, { method: 'GET', path: '/portal', headers: {} }, routes)).toEqual({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>portal</title>' })
    const asset = await handleRequest(api, { method: 'GET', path: '/portal/assets/js/app%20main.js', headers: {} }, routes)
    expect(asset).toEqual({ status: 200, headers: { 'cache-control': 'max-age=60', 'content-type': 'text/javascript; charset=utf-8' }, body: '/* js/app main.js */' })
    expect((await handleRequest(api, { method: 'POST', path: '/portal', headers: {} }, routes)).headers.allow).toBe('GET')
  })

  it('documents raw answers as strings of their media type (a 503 of its own included) and leaves the undocumented route out', async () => {
    const custom = buildOpenApiDocument(routes, { version: '9.9.9' })
    expect(Object.keys(custom.paths)).toEqual(['/portal'])
    expect(custom.paths['/portal']!.get!.responses).toMatchObject({ 200: { content: { 'text/html; charset=utf-8': { schema: { type: 'string' } } } } })
    expect((custom.paths['/portal']!.get!.responses as Json)[503]).toEqual({ description: 'Down for maintenance', content: { 'text/html; charset=utf-8': { schema: { type: 'string' } } } })
    expect((await validate(structuredClone(custom) as never)).valid).toBe(true)
  })
})
