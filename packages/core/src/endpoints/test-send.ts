import { z } from 'zod'
import type { CoreContext } from '../context.js'
import { newDelivery, type EventRecord, type ReceivedResponse, type SentRequest, type EndpointRecord } from '../model/index.js'
import { sampleData } from '../events/samples.js'
import { CallhookError } from '../errors.js'
import { newId } from '../util/ids.js'
import { parseInput } from '../util/zod-errors.js'

export const testBody = z.strictObject({
  type: z.string().min(1).max(200).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
})

export interface TestSendResult {
  success: boolean
  /** The endpoint's answer; null when none came (see `error`). */
  status: number | null
  headers: Record<string, string>
  body: string | null
  bodyTruncated: boolean
  durationMs: number
  error: string | null
  request: SentRequest
  eventId: string
  deliveryId: string
  attemptId: string
}

/**
 * Sends one event (a sample of `type`, or the given data) to this endpoint only, right now, and
 * answers with what the endpoint answered. Logged as a delivery with a `test` attempt; not retried.
 */
export async function sendTest(ctx: CoreContext, endpoint: EndpointRecord, input: unknown): Promise<TestSendResult> {
  const body = parseInput(testBody, input ?? {}, 'The test request')
  if (!(await ctx.accounts.enabled(endpoint.accountId))) throw new CallhookError('conflict', 'Webhooks are disabled for this account: switch them on (PATCH /account { "webhooksEnabled": true }) to send a test')
  const type = body.type ?? (endpoint.events.find((t) => t !== '*') ?? 'call:completed')
  const data = ctx.registry.parse(type, body.data ?? sampleData(type))
  const now = new Date().toISOString()
  const event: EventRecord = { id: newId('msg'), type, timestamp: now, accountId: endpoint.accountId, data }
  const delivery = { ...newDelivery(event, endpoint.id, now, null), nextTrigger: 'test' as const }
  await ctx.store.insertEvent(event, [delivery])
  const attempt = await ctx.dispatcher.sendNow(delivery, endpoint, event)
  const response: ReceivedResponse | null = attempt.response
  return {
    success: attempt.success,
    status: response?.status ?? null,
    headers: response?.headers ?? {},
    body: response?.body ?? null,
    bodyTruncated: response?.bodyTruncated ?? false,
    durationMs: attempt.durationMs,
    error: attempt.error,
    request: attempt.request,
    eventId: event.id,
    deliveryId: delivery.id,
    attemptId: attempt.id,
  }
}
