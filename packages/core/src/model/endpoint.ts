import type { EndpointFilters } from './filters.js'

/** The body formats an endpoint can receive. */
export type EndpointFormat = 'json' | 'form' | 'template' | 'resource' | 'pixel'
/** Vendor layouts: a receiver written for that vendor keeps working unchanged. */
export type EndpointPreset = 'magnetis' | 'roistat' | 'ctm'
export type EndpointMethod = 'POST' | 'PUT' | 'PATCH' | 'GET'

export interface EndpointTemplate {
  /** A Mustache template rendered with the envelope (`{{data.id}}`, `{{type}}`). */
  body: string
  /** @default 'text/plain; charset=utf-8' */
  contentType: string
}
/** Which signature headers a delivery carries. */
export type SignatureScheme = 'all' | 'standard' | 'calltracking' | 'none'

export type EndpointAuth = { type: 'basic'; username: string; password: string } | { type: 'bearer'; token: string }

export interface RetrySettings {
  /** Delay before each retry, in seconds; its length is the number of retries. Fractions allowed. */
  delaysSeconds: number[]
}

/** An endpoint as the API shows it: everything but its secrets. */
export interface Endpoint {
  id: string
  /** The tenant (account) that owns it; null when created without a tenant. */
  accountId: string | null
  title: string
  description: string | null
  url: string
  /** Event types it receives; `'*'` means all. */
  events: string[]
  enabled: boolean
  /** Every given filter must match for the endpoint to get an event. */
  filters: EndpointFilters | null
  format: EndpointFormat
  preset: EndpointPreset | null
  method: EndpointMethod
  /** For format `template`. */
  template: EndpointTemplate | null
  /** For format `resource`: the URL sent as `resource_url`, with `{{token}}` placeholders. */
  resourceUrl: string | null
  headers: Record<string, string> | null
  auth: EndpointAuth | null
  retry: RetrySettings | null
  timeoutMs: number | null
  /**
   * At most this many attempts per second; null: no limit. Per process on the memory and SQLite
   * stores, for the whole cluster on PostgreSQL.
   */
  rateLimitPerSecond: number | null
  /** Each key's deliveries (by default, each call's) are sent one at a time, in emit order. */
  ordered: boolean
  signature: SignatureScheme
  /** IANA time zone of the `YYYY-MM-DD HH:mm:ss` dates the presets write (`Europe/Paris`). */
  timezone: string
  createdAt: string
  updatedAt: string
  disabledReason: string | null
  /** When the current run of failures began; null after any success. */
  failingSince: string | null
}

export interface PreviousSecret {
  secret: string
  /** Until when it still signs (the rotation's grace period). */
  expiresAt: string
}

/** An endpoint as the store keeps it. */
export interface EndpointRecord extends Endpoint {
  secret: string
  previousSecrets: PreviousSecret[]
}

/** The fields of an endpoint a store update may change. */
export type EndpointUpdateRecord = Partial<Omit<EndpointRecord, 'id' | 'createdAt' | 'accountId'>>

/** The record without its secrets. */
export function toPublicEndpoint(record: EndpointRecord): Endpoint {
  const { secret: _secret, previousSecrets: _previous, ...rest } = record
  return rest
}

/** Every secret that signs now: the current one first, then those still in their grace period. */
export function signingSecrets(record: EndpointRecord, now: number): string[] {
  return [record.secret, ...record.previousSecrets.filter((p) => Date.parse(p.expiresAt) > now).map((p) => p.secret)]
}
