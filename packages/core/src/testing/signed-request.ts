import { CALLTRACKING_HEADER, calltrackingSignedData, signCalltracking } from '../signing/calltracking.js'
import { standardSignatureHeader } from '../signing/standard-webhooks.js'

export interface SignedRequestOptions {
  /** @default a fixed test secret */
  secret?: string
  /** Secrets to sign with (several = a rotation); overrides `secret`. */
  secrets?: string[]
  /** @default a call:completed envelope */
  body?: string | Record<string, unknown>
  contentType?: string
  /** @default 'msg_test' */
  id?: string
  /** Seconds since the epoch. @default now */
  timestamp?: number
  /** @default 'https://crm.example.com/hooks/calls' */
  url?: string
  /** Replace headers after signing (tamper, drop: set to undefined). */
  headers?: Record<string, string | undefined>
}

export const TEST_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/**
 * A request signed exactly as callhook signs deliveries (both schemes), for testing receivers.
 * Change one field per test: `signedRequest({ timestamp: now - 600 })`.
 */
export function signedRequest(options: SignedRequestOptions = {}): { headers: Record<string, string>; rawBody: Buffer; url: string } {
  const secrets = options.secrets ?? [options.secret ?? TEST_SECRET]
  const body = typeof options.body === 'string'
    ? options.body
    : JSON.stringify(options.body ?? { id: 'msg_test', type: 'call:completed', timestamp: '2026-01-01T00:00:00.000Z', accountId: null, data: { id: 'call_1', durationSec: 42 } })
  const contentType = options.contentType ?? 'application/json'
  const id = options.id ?? 'msg_test'
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000)
  const url = options.url ?? 'https://crm.example.com/hooks/calls'
  const headers: Record<string, string> = {
    'content-type': contentType,
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': standardSignatureHeader(secrets, id, timestamp, body),
    [CALLTRACKING_HEADER]: signCalltracking(secrets[0]!, calltrackingSignedData(url, body, contentType.startsWith('application/x-www-form-urlencoded'))),
  }
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) delete headers[name]
    else headers[name] = value
  }
  return { headers, rawBody: Buffer.from(body), url }
}
