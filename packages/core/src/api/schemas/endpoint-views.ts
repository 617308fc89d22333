import { z } from 'zod'
import type { Endpoint } from '../../model/index.js'
import type { EndpointDetails } from '../../endpoints/endpoint-service.js'
import { fields } from '../../endpoints/endpoint-schema.js'
import type { TestSendResult } from '../../endpoints/test-send.js'
import type { EventTypeInfo } from '../../events/registry.js'
import { timestamp, page, stringMap, type Same } from './common.js'
import { attemptView, sentRequestView } from './delivery-views.js'
import { endpointStatsSchema } from '../../endpoints/endpoint-stats.js'
import { named } from './named.js'

/** An endpoint as every answer shows it: its settings, never its secrets. */
export const endpointView = named('Endpoint', z.strictObject({
  id: z.string(),
  accountId: z.string().nullable().describe('The tenant that owns it; null when created without one'),
  ...fields,
  createdAt: timestamp,
  updatedAt: timestamp,
  disabledReason: z.string().nullable().describe('Why it is disabled (by a user, a 410, or 5 days of failures)'),
  failingSince: timestamp.nullable().describe('When its current run of failures began; null after a success'),
}))

export const endpointWithSecretView = named('EndpointWithSecret', endpointView.extend({
  secret: z.string().describe('The signing secret (whsec_…): shown here, on create, and by the reveal route only'),
}))

export const endpointDetailsView = named('EndpointDetails', endpointView.extend({
  deliveryCounts: z.strictObject({ pending: z.int(), succeeded: z.int(), failed: z.int() }),
  recentAttempts: z.array(attemptView).describe('The last 10 attempts, newest first'),
}))

export const endpointPage = page('EndpointPage', endpointView)

export const secretsView = named('EndpointSecrets', z.strictObject({
  secret: z.string(),
  previousSecrets: z.array(z.strictObject({ secret: z.string(), expiresAt: timestamp })).describe('Rotated-out secrets still signing until their grace period ends'),
}))

export const rotationView = named('SecretRotation', z.strictObject({
  secret: z.string().describe('The new secret'),
  previousSecretExpiresAt: timestamp.describe('Until then the old secret keeps signing too'),
}))

export const testSendView = named('TestSendResult', z.strictObject({
  success: z.boolean(),
  status: z.int().nullable().describe("The endpoint's HTTP status; null when no answer came (see error)"),
  headers: stringMap,
  body: z.string().nullable(),
  bodyTruncated: z.boolean(),
  durationMs: z.number().nonnegative(),
  error: z.string().nullable(),
  request: sentRequestView,
  eventId: z.string(),
  deliveryId: z.string(),
  attemptId: z.string(),
}))

export const eventTypeListView = named('EventTypeList', z.strictObject({
  data: z.array(z.strictObject({
    type: z.string().describe('resource:action'),
    description: z.string(),
    schema: z.record(z.string(), z.unknown()).describe("The JSON Schema of the event's data"),
    example: z.record(z.string(), z.unknown()).optional().describe('A realistic example of the data (built-in types only)'),
  })),
}))

true satisfies Same<z.output<typeof endpointView>, Endpoint>
true satisfies Same<z.output<typeof endpointDetailsView>, EndpointDetails>
true satisfies Same<z.output<typeof testSendView>, TestSendResult>
true satisfies Same<z.output<typeof eventTypeListView>['data'][number], EventTypeInfo>

export const endpointStatsView = named('EndpointStats', endpointStatsSchema)
