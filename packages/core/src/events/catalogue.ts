import { z } from 'zod'
import { callRecordSchema } from './call-record.js'
import { operationalEventTypes } from './operational-events.js'

const id = z.string().min(1).max(255)
const text = z.string().max(4096).nullish()

export const leadSchema = z.looseObject({
  id,
  accountId: text,
  callId: text,
  name: text,
  email: text,
  phone: text,
  formName: text,
  source: text,
  landingPage: text,
  customFields: z.record(z.string(), z.unknown()).nullish(),
})

export const smsSchema = z.looseObject({
  id,
  accountId: text,
  from: text,
  to: text,
  body: text,
  direction: z.enum(['inbound', 'outbound']).nullish(),
  status: text,
  trackingNumber: text,
  sentAt: z.iso.datetime({ offset: true }).nullish(),
})

export const saleSchema = z.looseObject({
  id,
  accountId: text,
  callId: text,
  saleValue: z.number().nullish(),
  currency: text,
  converted: z.boolean().nullish(),
  score: z.number().nullish(),
})

export const userActionSchema = z.looseObject({
  id,
  accountId: text,
  userId: text,
  userName: text,
  action: z.string().min(1).max(255),
  target: text,
})

export const keywordSchema = callRecordSchema.extend({ keyword: z.string().min(1).max(255) })

export interface EventTypeDefinition {
  description: string
  schema: z.ZodType
}

/** The seeds' triggers, unified under `resource:action` names (see the README's vendor table). */
export const builtInEventTypes: Readonly<Record<string, EventTypeDefinition>> = {
  'call:ringing': { description: 'A call starts ringing on a tracked number (Roistat "in the moment of call", CTM inbound start).', schema: callRecordSchema },
  'call:answered': { description: 'An agent answered the call.', schema: callRecordSchema },
  'call:completed': { description: 'The call ended; the full call detail record (CDR).', schema: callRecordSchema },
  'call:missed': { description: 'A call nobody answered (Magnétis "missed calls").', schema: callRecordSchema },
  'call:hangup': { description: 'The caller hung up early.', schema: callRecordSchema },
  'call:updated': { description: 'The call record changed (CTM update / manual update).', schema: callRecordSchema },
  'call:enriched': { description: 'Late data arrived for a call: analytics, PPC, cost, website session.', schema: callRecordSchema },
  'call:keyword': { description: 'A keyword was spotted in the call transcript.', schema: keywordSchema },
  'lead:created': { description: 'A form submission or conversion from the visitor module.', schema: leadSchema },
  'sms:received': { description: 'A text message was received on a tracked number.', schema: smsSchema },
  'sms:sent': { description: 'A text message was sent.', schema: smsSchema },
  'sms:status_changed': { description: 'A text message changed delivery status.', schema: smsSchema },
  'sale:updated': { description: 'Sales data was updated for an activity.', schema: saleSchema },
  'user:action': { description: 'A user of the account did something in it.', schema: userActionSchema },
  ...operationalEventTypes,
}
