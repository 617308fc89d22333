import { z } from 'zod'

/** Roistat's call outcomes (seed 002), the vocabulary every call-tracking receiver knows. */
export const callStatuses = ['ANSWER', 'BUSY', 'NOANSWER', 'CANCEL', 'CONGESTION', 'CHANUNAVAIL', 'DONTCALL', 'TORTURE'] as const
export type CallStatus = (typeof callStatuses)[number]

const text = z.string().max(2048).nullish()
const seconds = z.number().nonnegative().nullish()

/**
 * One call, as every `call:*` event carries it. camelCase; fields this schema does not know are
 * kept as they are, so a host can send vendor extras through.
 */
export const callRecordSchema = z.looseObject({
  id: z.string().min(1).max(255).describe('The call id in the host system'),
  accountId: text,
  accountName: text,
  trackingNumber: text.describe('The tracked number the caller dialled'),
  callerNumber: text.describe("The caller's number, or 'anonymous'"),
  calleeNumber: text.describe('The number the call was forwarded to'),
  direction: z.enum(['inbound', 'outbound']).nullish(),
  status: z.enum(callStatuses).nullish(),
  startedAt: z.iso.datetime({ offset: true }).nullish(),
  durationSec: seconds,
  talkTimeSec: seconds,
  channel: text.describe('The channel/support the number is shown on (Magnétis channelname)'),
  source: text.describe('The tracking source (Roistat marker, CTM source)'),
  utmSource: text,
  utmMedium: text,
  utmCampaign: text,
  utmTerm: text,
  utmContent: text,
  gclid: text,
  googleClientId: text,
  landingPage: text,
  referrer: text,
  city: text,
  country: text,
  ip: text,
  tags: z.array(z.string().max(255)).max(200).nullish(),
  recordingUrl: text,
  agent: z.union([z.string().max(255), z.looseObject({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional() })]).nullish(),
  visitorEvents: z.array(z.unknown()).max(1000).nullish(),
  customFields: z.record(z.string(), z.unknown()).nullish(),
})

export type CallRecord = z.infer<typeof callRecordSchema>
