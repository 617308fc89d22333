import { z } from 'zod'
import type { OperationalEventType } from '../model/index.js'

const time = z.iso.datetime({ offset: true })

/** Which endpoint an operational event is about (never its secrets). */
const endpointFields = {
  endpointId: z.string().min(1).max(255),
  url: z.string().max(2048),
  title: z.string().max(200),
}

export const endpointDisabledSchema = z.looseObject({
  ...endpointFields,
  reason: z.string().describe('Why: "The endpoint answered 410 Gone", or "Every delivery failed since …"'),
  failingSince: time.nullable().describe('When its run of failures began'),
  disabledAt: time,
})

export const endpointRecoveredSchema = z.looseObject({
  ...endpointFields,
  failingSince: time.nullable().describe('When the run of failures that opened its circuit breaker began'),
  recoveredAt: time.describe('When the first successful attempt after it started'),
})

export const endpointSecretRotatedSchema = z.looseObject({
  ...endpointFields,
  previousSecretExpiresAt: time.describe('Until when the old secret still signs'),
  rotatedAt: time,
})

export const deliveryFailedSchema = z.looseObject({
  ...endpointFields,
  deliveryId: z.string().min(1).max(255),
  eventId: z.string().min(1).max(255),
  eventType: z.string().min(1).max(200),
  attempts: z.int().min(1),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  failedAt: time,
})

/** The operational events in the catalogue: sent to endpoints that name them, never through '*'. */
export const operationalEventTypes: Readonly<Record<OperationalEventType, { description: string; schema: z.ZodType }>> = {
  'endpoint:disabled': {
    description: 'callhook disabled an endpoint: it answered 410 Gone, or failed every delivery for `disableAfterFailingDays`. Only for endpoints that name it (not `*`).',
    schema: endpointDisabledSchema,
  },
  'endpoint:recovered': {
    description: "An endpoint whose circuit breaker had opened (failureThreshold failures in a row) succeeded again. Once per failure run. Only for endpoints that name it (not `*`).",
    schema: endpointRecoveredSchema,
  },
  'endpoint:secret-rotated': {
    description: "An endpoint's signing secret was rotated (the new secret is not in the event). Only for endpoints that name it (not `*`).",
    schema: endpointSecretRotatedSchema,
  },
  'delivery:failed': {
    description: 'A delivery used up its retries and failed for good (a failed operational delivery does not raise another). Only for endpoints that name it (not `*`).',
    schema: deliveryFailedSchema,
  },
}
