/** The body formats an endpoint can receive. */
export type EndpointFormat = 'json' | 'form'
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
  filters: null
  format: EndpointFormat
  preset: null
  method: 'POST' | 'PUT' | 'PATCH'
  template: null
  headers: Record<string, string> | null
  auth: EndpointAuth | null
  retry: RetrySettings | null
  timeoutMs: number | null
  rateLimitPerSecond: null
  signature: SignatureScheme
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

/** The record without its secrets. */
export function toPublicEndpoint(record: EndpointRecord): Endpoint {
  const { secret: _secret, previousSecrets: _previous, ...rest } = record
  return rest
}

/** Every secret that signs now: the current one first, then those still in their grace period. */
export function signingSecrets(record: EndpointRecord, now: number): string[] {
  return [record.secret, ...record.previousSecrets.filter((p) => Date.parse(p.expiresAt) > now).map((p) => p.secret)]
}
