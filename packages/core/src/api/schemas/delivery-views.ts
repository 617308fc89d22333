import { z } from 'zod'
import type { Delivery, DeliveryWithAttempts } from '../../delivery/delivery-view.js'
import type { EmitResult } from '../../events/event-service.js'
import type { AttemptRecord, EventRecord } from '../../model/index.js'
import { timestamp, page, stringMap, type Same } from './common.js'
import { named } from './named.js'

const trigger = z.enum(['scheduled', 'manual', 'test'])

export const sentRequestView = z.strictObject({ method: z.string(), url: z.string(), headers: stringMap, body: z.string().nullable() })

/** One HTTP attempt: what was sent, what came back. */
export const attemptView = named('Attempt', z.strictObject({
  id: z.string(),
  deliveryId: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  number: z.int().min(1).describe('1 for the first attempt of the delivery'),
  trigger,
  startedAt: timestamp,
  durationMs: z.number().nonnegative(),
  request: sentRequestView,
  response: z.strictObject({
    status: z.int(),
    headers: stringMap,
    body: z.string().describe('Cut at 64 KiB'),
    bodyTruncated: z.boolean(),
  }).nullable().describe('null when no answer came (see error)'),
  error: z.string().nullable(),
  success: z.boolean(),
}))

/** One event on its way to one endpoint. */
export const deliveryView = named('Delivery', z.strictObject({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  endpointId: z.string(),
  accountId: z.string().nullable(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attemptCount: z.int().min(0),
  nextAttemptAt: timestamp.nullable().describe('When the next attempt is due; null once final'),
  lastStatusCode: z.int().nullable(),
  lastError: z.string().nullable(),
  orderingKey: z.string().nullable().describe('On an ordered endpoint: the key it is sent in order by (default the event data\'s id); null otherwise'),
  heldBehind: z.string().nullable().describe('The id of the earlier delivery with the same ordering key that this one waited for (pending or retrying when this one fell due); null if it never waited'),
  createdAt: timestamp,
  updatedAt: timestamp,
}))

export const deliveryWithAttemptsView = named('DeliveryWithAttempts', deliveryView.extend({ attempts: z.array(attemptView) }))

export const deliveryPage = page('DeliveryPage', deliveryView)

export const eventView = named('EventWithDeliveries', z.strictObject({
  id: z.string(),
  type: z.string(),
  timestamp,
  accountId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  deliveries: z.array(deliveryView),
}))

export const emitResultView = named('EmitResult', z.strictObject({
  eventId: z.string(),
  deliveries: z.int().min(0).describe('How many deliveries were queued: one per matching enabled endpoint'),
}))

export const replayResultView = named('ReplayResult', z.strictObject({ requeued: z.int().min(0) }))

true satisfies Same<z.output<typeof attemptView>, AttemptRecord>
true satisfies Same<z.output<typeof deliveryView>, Delivery>
true satisfies Same<z.output<typeof deliveryWithAttemptsView>, DeliveryWithAttempts>
true satisfies Same<z.output<typeof eventView>, EventRecord & { deliveries: Delivery[] }>
true satisfies Same<z.output<typeof emitResultView>, Omit<EmitResult, 'replayed'>>
