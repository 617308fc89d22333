import { describe, expect, it } from 'vitest'
import { EventRegistry } from '../events/registry.js'
import { OPERATIONAL_EVENT_TYPES } from '../model/index.js'
import { openApiDocument } from './routes.js'

type Json = Record<string, any>

describe('the OpenAPI document: webhooks', () => {
  const doc = openApiDocument() as unknown as Json
  const resolve = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')] as Json

  it('lists what endpoints receive for every built-in event type, operational ones included', () => {
    expect(Object.keys(doc.webhooks)).toEqual(new EventRegistry().types())
    for (const type of OPERATIONAL_EVENT_TYPES) expect(doc.webhooks[type].post.summary).toMatch(/Only for endpoints that name it \(not `\*`\)/)
    expect(doc.tags).toContainEqual({ name: 'Webhooks' })
  })

  it('each is the JSON envelope with its type and the data schema of the catalogue', () => {
    const envelope = resolve(doc.webhooks['delivery:failed'].post.requestBody.content['application/json'].schema.$ref)
    expect(envelope.properties.type).toEqual({ type: 'string', const: 'delivery:failed' })
    const data = resolve(envelope.properties.data.$ref)
    expect(data.required).toEqual(expect.arrayContaining(['endpointId', 'deliveryId', 'eventId', 'eventType', 'attempts', 'failedAt']))
    // Call events share one call record schema.
    const call = (type: string) => resolve(doc.webhooks[type].post.requestBody.content['application/json'].schema.$ref).properties.data.$ref
    expect(call('call:completed')).toBe(call('call:ringing'))
  })

  it("documents the endpoint's timezone field and that '*' leaves operational events out", () => {
    expect(doc.components.schemas.EndpointCreate.properties.timezone).toMatchObject({ type: 'string', default: 'UTC' })
    expect(doc.components.schemas.Endpoint.properties.events.description).toMatch(/every event but the operational ones/)
  })
})
