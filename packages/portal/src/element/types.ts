/** The shapes the REST API answers with (see packages/core). */
export interface Filters {
  accounts?: string[]
  trackingNumbers?: string[]
  users?: string[]
  sources?: string[]
  tags?: string[]
  statuses?: string[]
  minDurationSec?: number
  maxDurationSec?: number
  minTalkTimeSec?: number
}

export interface Endpoint {
  id: string
  title: string
  description: string | null
  url: string
  events: string[]
  enabled: boolean
  filters: Filters | null
  format: 'json' | 'form' | 'template' | 'resource' | 'pixel'
  preset: 'magnetis' | 'roistat' | 'ctm' | null
  method: 'POST' | 'PUT' | 'PATCH' | 'GET'
  template: { body: string; contentType: string } | null
  resourceUrl: string | null
  headers: Record<string, string> | null
  auth: { type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string } | null
  retry: { delaysSeconds: number[] } | null
  timeoutMs: number | null
  rateLimitPerSecond: number | null
  signature: 'all' | 'standard' | 'calltracking' | 'none'
  /** Deliveries with the same ordering key (by default the call) go one at a time, in emit order. */
  ordered: boolean
  /** IANA time zone of the presets' local dates. */
  timezone: string
  createdAt: string
  updatedAt: string
  disabledReason: string | null
  failingSince: string | null
}

export interface DeliveryCounts {
  pending: number
  succeeded: number
  failed: number
}

export interface SentRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export interface ReceivedResponse {
  status: number
  headers: Record<string, string>
  body: string
  bodyTruncated: boolean
}

export interface Attempt {
  id: string
  deliveryId: string
  number: number
  trigger: 'scheduled' | 'manual' | 'test'
  startedAt: string
  durationMs: number
  request: SentRequest
  response: ReceivedResponse | null
  error: string | null
  success: boolean
}

export interface EndpointDetail extends Endpoint {
  deliveryCounts: DeliveryCounts
  recentAttempts: Attempt[]
}

export interface Delivery {
  id: string
  eventId: string
  eventType: string
  endpointId: string
  status: 'pending' | 'succeeded' | 'failed'
  attemptCount: number
  nextAttemptAt: string | null
  lastStatusCode: number | null
  lastError: string | null
  createdAt: string
  updatedAt: string
}

export interface DeliveryWithAttempts extends Delivery {
  attempts: Attempt[]
}

export interface Page<T> {
  data: T[]
  nextCursor: string | null
}

export interface EventType {
  type: string
  description: string
  schema: Record<string, unknown>
  /** An example payload, when the server provides one. */
  example?: Record<string, unknown>
}

export interface StatsBucket {
  start: string
  succeeded: number
  failed: number
  p50Ms: number | null
  p95Ms: number | null
}

export interface TestResult {
  success: boolean
  status: number | null
  headers: Record<string, string>
  body: string | null
  bodyTruncated: boolean
  durationMs: number
  error: string | null
  request: SentRequest
  deliveryId: string
}

/** `GET /account`: the account-wide switch. */
export interface Account {
  accountId: string | null
  webhooksEnabled: boolean
  updatedAt: string | null
}
