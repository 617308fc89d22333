import { VERSION } from '../version.js'
import { buildOpenApiDocument, type OpenApiDocument } from './openapi.js'
import { portalRoutes } from './portal-routes.js'
import type { Route } from './route-table.js'
import { openApiView } from './schemas/common.js'
import { webhookEvents } from './schemas/webhook-events.js'
import { healthView } from './schemas/health-view.js'
import { deliveryPage, deliveryView, deliveryWithAttemptsView, emitResultView, eventView, replayResultView } from './schemas/delivery-views.js'
import { endpointDetailsView, endpointPage, endpointStatsView, endpointView, endpointWithSecretView, eventTypeListView, rotationView, secretsView, testSendView } from './schemas/endpoint-views.js'
import { accountView } from './schemas/account-view.js'
import { accountUpdateInput, deliveryLogQuery, emitAnswerHeaders, emitHeaders, emitInput, endpointCreateInput, endpointListQuery, endpointStatsQuery, endpointUpdateInput, replayInput, rotateSecretInput, testSendInput } from './schemas/inputs.js'

/**
 * The REST API as data: each row is matched by `handleRequest` and described in the OpenAPI
 * document. A new route is one more row (and, for a JSON answer, its zod schema).
 */
export const restRoutes: readonly Route[] = [
  {
    method: 'GET', path: '/openapi.json', operationId: 'getOpenApiDocument', tag: 'Document',
    summary: 'This document: OpenAPI 3.1, generated from the route table',
    answers: { 200: { description: 'The OpenAPI document', schema: openApiView } },
    handler: async () => ({ status: 200, body: openApiDocument() }),
  },
  {
    method: 'GET', path: '/health', operationId: 'getHealth', tag: 'Operations', public: true,
    summary: 'Readiness: the store answers (200) or not (503), the dispatcher state and the backlog',
    answers: { 200: { description: 'The store answers', schema: healthView }, 503: { description: 'The store does not answer (same shape)', schema: healthView } },
    handler: async ({ health }) => {
      const body = await health.check()
      return { status: body.status === 'ok' ? 200 : 503, body, headers: { 'cache-control': 'no-store' } }
    },
  },
  {
    method: 'GET', path: '/account', operationId: 'getAccount', tag: 'Account',
    summary: "The account-wide switch: are webhooks on for the caller's account (the tenant; without tenancy, the instance's one account)?",
    answers: { 200: { description: 'The account settings (webhooks on unless switched off)', schema: accountView } },
    handler: async ({ account }, c) => ({ status: 200, body: await account.get(c.scope) }),
  },
  {
    method: 'PATCH', path: '/account', operationId: 'updateAccount', tag: 'Account',
    summary: 'Switch webhooks on or off for the whole account',
    description: "Off: emits queue no delivery for the account's endpoints, test sends answer 409, and its pending deliveries fail when they come due (with a `lastError` saying why; replay or redeliver them after switching on). Other processes sharing the database see the change within a second.",
    body: { schema: accountUpdateInput, required: true },
    answers: { 200: { description: 'The account settings as updated', schema: accountView } },
    handler: async ({ account }, c) => ({ status: 200, body: await account.update(await c.body(), c.scope) }),
  },
  {
    method: 'GET', path: '/event-types', operationId: 'listEventTypes', tag: 'Events',
    summary: "The event catalogue, with each type's JSON Schema",
    answers: { 200: { description: 'Every registered event type', schema: eventTypeListView } },
    handler: async ({ eventTypes }) => ({ status: 200, body: { data: eventTypes.describe() } }),
  },
  {
    method: 'GET', path: '/endpoints', operationId: 'listEndpoints', tag: 'Endpoints',
    summary: 'List endpoints, oldest first', query: endpointListQuery,
    answers: { 200: { description: 'One page of endpoints', schema: endpointPage } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.list({ limit: c.query.limit, cursor: c.query.cursor }, c.scope) }),
  },
  {
    method: 'POST', path: '/endpoints', operationId: 'createEndpoint', tag: 'Endpoints',
    summary: 'Create an endpoint', description: 'Unknown fields and bad values answer 400 naming each bad field; nothing is written.',
    body: { schema: endpointCreateInput, required: true },
    answers: { 201: { description: 'The endpoint, with its secret', schema: endpointWithSecretView } },
    handler: async ({ endpoints }, c) => ({ status: 201, body: await endpoints.create(await c.body(), c.scope) }),
  },
  {
    method: 'GET', path: '/endpoints/:id', operationId: 'getEndpoint', tag: 'Endpoints',
    summary: 'Read an endpoint, with its delivery counts and last 10 attempts', problems: [404],
    answers: { 200: { description: 'The endpoint', schema: endpointDetailsView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.details(c.params.id!, c.scope) }),
  },
  {
    method: 'PATCH', path: '/endpoints/:id', operationId: 'updateEndpoint', tag: 'Endpoints',
    summary: 'Change the fields given, and only those', problems: [404],
    body: { schema: endpointUpdateInput, required: false },
    answers: { 200: { description: 'The endpoint as updated', schema: endpointView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.update(c.params.id!, await c.body(), c.scope) }),
  },
  {
    method: 'DELETE', path: '/endpoints/:id', operationId: 'deleteEndpoint', tag: 'Endpoints',
    summary: 'Delete an endpoint', problems: [404],
    answers: { 204: { description: 'Deleted' } },
    handler: async ({ endpoints }, c) => {
      await endpoints.delete(c.params.id!, c.scope)
      return { status: 204 }
    },
  },
  {
    method: 'GET', path: '/endpoints/:id/secret', operationId: 'getEndpointSecret', tag: 'Endpoints',
    summary: 'Reveal the signing secret, and those still in a rotation grace period', problems: [403, 404], manage: true,
    answers: { 200: { description: 'The secrets', schema: secretsView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.secret(c.params.id!, c.scope) }),
  },
  {
    method: 'POST', path: '/endpoints/:id/secret/rotate', operationId: 'rotateEndpointSecret', tag: 'Endpoints',
    summary: 'Replace the secret; the old one keeps signing for a grace period (default 24 h)', problems: [404],
    body: { schema: rotateSecretInput, required: false },
    answers: { 200: { description: 'The new secret', schema: rotationView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.rotateSecret(c.params.id!, await c.body(), c.scope) }),
  },
  {
    method: 'POST', path: '/endpoints/:id/test', operationId: 'testEndpoint', tag: 'Endpoints',
    summary: "Send a sample (or the given) event now; answer with the endpoint's response (409 while the account's webhooks are off)", problems: [404, 409],
    body: { schema: testSendInput, required: false },
    answers: { 200: { description: 'What the endpoint answered', schema: testSendView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.test(c.params.id!, await c.body(), c.scope) }),
  },
  {
    method: 'GET', path: '/endpoints/:id/deliveries', operationId: 'listEndpointDeliveries', tag: 'Deliveries',
    summary: "The endpoint's delivery log, newest first", query: deliveryLogQuery, problems: [404],
    answers: { 200: { description: 'One page of deliveries', schema: deliveryPage } },
    handler: async ({ deliveries }, c) => ({ status: 200, body: await deliveries.listForEndpoint(c.params.id!, c.query, c.scope) }),
  },
  {
    method: 'GET', path: '/endpoints/:id/stats', operationId: 'getEndpointStats', tag: 'Deliveries',
    summary: 'Attempts per UTC hour or day: succeeded, failed, p50/p95 duration (every bucket of the period)', query: endpointStatsQuery, problems: [404],
    answers: { 200: { description: 'The buckets, earliest first', schema: endpointStatsView } },
    handler: async ({ endpoints }, c) => ({ status: 200, body: await endpoints.stats(c.params.id!, c.query, c.scope) }),
  },
  {
    method: 'POST', path: '/endpoints/:id/replay', operationId: 'replayEndpoint', tag: 'Deliveries',
    summary: 'Re-queue the endpoint\'s failed deliveries created since `since`', problems: [404],
    body: { schema: replayInput, required: true },
    answers: { 202: { description: 'How many were queued again', schema: replayResultView } },
    handler: async ({ deliveries }, c) => ({ status: 202, body: await deliveries.replay(c.params.id!, await c.body(), c.scope) }),
  },
  {
    method: 'GET', path: '/deliveries/:id', operationId: 'getDelivery', tag: 'Deliveries',
    summary: 'One delivery with every attempt: request sent, response got, duration, error', problems: [404],
    answers: { 200: { description: 'The delivery', schema: deliveryWithAttemptsView } },
    handler: async ({ deliveries }, c) => ({ status: 200, body: await deliveries.get(c.params.id!, c.scope) }),
  },
  {
    method: 'POST', path: '/deliveries/:id/redeliver', operationId: 'redeliver', tag: 'Deliveries',
    summary: 'Send it again as soon as possible (logged like any attempt)', problems: [404],
    answers: { 202: { description: 'The delivery, queued', schema: deliveryView } },
    handler: async ({ deliveries }, c) => ({ status: 202, body: await deliveries.redeliver(c.params.id!, c.scope) }),
  },
  {
    method: 'POST', path: '/events', operationId: 'emitEvent', tag: 'Events',
    summary: 'Emit an event: stored with one delivery per matching endpoint before the answer',
    description: 'With an `Idempotency-Key` header, the same key (per tenant) within the `idempotencyWindowSeconds` option (24 h) answers the first event\'s `{ eventId, deliveries }` again, with `Idempotent-Replayed: true`, and queues nothing, whatever the body (the first event wins).',
    headers: emitHeaders, body: { schema: emitInput, required: true },
    answers: { 202: { description: 'The event id and how many deliveries were queued (for a replay: the first event\'s)', schema: emitResultView, headers: emitAnswerHeaders } },
    handler: async ({ events }, c) => {
      const { replayed, ...result } = await events.emitRequest(await c.body(), c.scope, c.header('idempotency-key'))
      return { status: 202, body: result, ...(replayed ? { headers: { 'idempotent-replayed': 'true' } } : {}) }
    },
  },
  {
    method: 'GET', path: '/events/:id', operationId: 'getEvent', tag: 'Events',
    summary: 'The event and its deliveries', problems: [404],
    answers: { 200: { description: 'The event', schema: eventView } },
    handler: async ({ events }, c) => ({ status: 200, body: await events.get(c.params.id!, c.scope) }),
  },
  ...portalRoutes,
]

let document: OpenApiDocument | undefined

/** The document for this table, built once. */
export function openApiDocument(): OpenApiDocument {
  document ??= buildOpenApiDocument(restRoutes, { version: VERSION, webhooks: webhookEvents })
  return document
}
