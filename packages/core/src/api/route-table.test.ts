import { describe, expect, it } from 'vitest'
import { compilePath, matchRoute, pathParameters, type Route } from './route-table.js'

const route = (method: Route['method'], path: string): Route => ({
  method, path, operationId: `${method} ${path}`, tag: 't', summary: 's', answers: { 204: { description: 'none' } }, handler: async () => ({ status: 204 }),
})
const table = [route('GET', '/endpoints/:id'), route('PATCH', '/endpoints/:id'), route('GET', '/endpoints/:id/secret'), route('GET', '/openapi.json'), route('GET', '/files/:kind/*')]

describe('matchRoute', () => {
  it('matches literal segments and :params, with or without a trailing slash', () => {
    expect(matchRoute(table, 'GET', '/endpoints/ep_1')).toEqual({ route: table[0], params: { id: 'ep_1' } })
    expect(matchRoute(table, 'PATCH', '/endpoints/ep_1/')).toEqual({ route: table[1], params: { id: 'ep_1' } })
    expect(matchRoute(table, 'GET', '/endpoints/ep_1/secret')).toEqual({ route: table[2], params: { id: 'ep_1' } })
    expect(matchRoute(table, 'GET', '/endpoints/a/b')).toBeNull()
  })

  it('takes a dot as a dot, not a pattern', () => {
    expect(matchRoute(table, 'GET', '/openapi.json')).toMatchObject({ route: table[3] })
    expect(matchRoute(table, 'GET', '/openapiXjson')).toBeNull()
  })

  it('gives a final * the rest of the path, slashes included, but not nothing', () => {
    expect(matchRoute(table, 'GET', '/files/js/a/b.js')).toEqual({ route: table[4], params: { kind: 'js', path: 'a/b.js' } })
    expect(matchRoute(table, 'GET', '/files/js/')).toBeNull()
    expect(pathParameters('/files/:kind/*')).toEqual(['kind', 'path'])
    expect(pathParameters('/files/:name*')).toEqual(['name'])
  })

  it('lists the methods a path has when the method asked for is not one of them', () => {
    expect(matchRoute(table, 'DELETE', '/endpoints/ep_1')).toEqual({ allow: ['GET', 'PATCH'] })
  })

  it('refuses a path it would misread', () => {
    expect(() => compilePath('/a/*/b')).toThrow(/neither a literal/)
    expect(() => compilePath('/a/x:y')).toThrow(/neither a literal/)
  })
})
