import type { AttemptTrigger } from './delivery.js'

export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface ReceivedResponse {
  status: number
  headers: Record<string, string>
  /** The body as text, cut at 64 KiB. */
  body: string
  bodyTruncated: boolean
}

/** One HTTP attempt of a delivery: what was sent, what came back. */
export interface AttemptRecord {
  id: string
  deliveryId: string
  endpointId: string
  eventId: string
  /** 1 for the first attempt of the delivery. */
  number: number
  trigger: AttemptTrigger
  startedAt: string
  durationMs: number
  request: SentRequest
  response: ReceivedResponse | null
  error: string | null
  success: boolean
}
