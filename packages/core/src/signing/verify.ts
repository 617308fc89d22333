import { timingSafeEqual } from 'node:crypto'
import { CallhookError, WebhookVerificationError } from '../errors.js'
import { CALLTRACKING_HEADER, calltrackingSignedData, signCalltracking } from './calltracking.js'
import { formToObject, parseForm } from './form-fields.js'
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, standardSignatureBytes } from './standard-webhooks.js'

export type VerifyScheme = 'auto' | 'standard' | 'calltracking'

export interface VerifyOptions {
  /** The endpoint's secret. Give this or `secrets`. */
  secret?: string | undefined
  /** Several secrets (e.g. during a rotation): a signature made with any of them is accepted. */
  secrets?: readonly string[] | undefined
  /**
   * Which signature to check. `auto` checks Standard Webhooks headers when present, else
   * `X-CALLTRACKING-SIGNATURE`.
   * @default 'auto'
   */
  scheme?: VerifyScheme | undefined
  /**
   * How far `webhook-timestamp` may be from now, either way, in seconds.
   * @default 300
   */
  toleranceSeconds?: number | undefined
}

export interface IncomingWebhook {
  headers: Readonly<Record<string, string | string[] | undefined>>
  rawBody: Buffer | string
  /** The exact URL the sender posted to; the calltracking scheme signs it. A function is called only when needed. */
  url?: string | (() => string) | undefined
}

export interface VerifiedWebhook<T = unknown> {
  /** The parsed body: the JSON event, or the form fields as an object. */
  event: T
  scheme: 'standard' | 'calltracking'
  /** `webhook-id`: the same across retries, for idempotency. */
  webhookId: string | null
  /** `webhook-timestamp`, seconds since the epoch. */
  timestamp: number | null
  /** Which of the given secrets matched (0 = the first). */
  secretIndex: number
}

interface ResolvedVerifyOptions {
  readonly secrets: readonly string[]
  readonly scheme: VerifyScheme
  readonly toleranceSeconds: number
}

/** Validates the options once; the returned function verifies one request, or throws `WebhookVerificationError`. */
export function createVerifier(options: VerifyOptions, now: () => number = Date.now): (request: IncomingWebhook) => VerifiedWebhook {
  const resolved = resolveVerifyOptions(options)
  return function verify(request) {
    return verifyWebhookRequest(request, resolved, now())
  }
}

function resolveVerifyOptions(options: VerifyOptions): ResolvedVerifyOptions {
  const secrets = [...(options.secrets ?? []), ...(options.secret !== undefined ? [options.secret] : [])]
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new CallhookError('misconfigured', 'verifyWebhook needs the endpoint secret: verifyWebhook({ secret: process.env.WEBHOOK_SECRET }) (or `secrets: [...]` during a rotation)')
  }
  const scheme = options.scheme ?? 'auto'
  if (!['auto', 'standard', 'calltracking'].includes(scheme)) {
    throw new CallhookError('misconfigured', `verifyWebhook: scheme must be "auto", "standard" or "calltracking", not "${scheme}"`)
  }
  const toleranceSeconds = options.toleranceSeconds ?? 300
  if (!(toleranceSeconds >= 0)) throw new CallhookError('misconfigured', 'verifyWebhook: toleranceSeconds must be a number >= 0')
  return { secrets, scheme, toleranceSeconds }
}

function header(headers: IncomingWebhook['headers'], name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

function verifyWebhookRequest(request: IncomingWebhook, options: ResolvedVerifyOptions, nowMs: number): VerifiedWebhook {
  const hasStandard = header(request.headers, WEBHOOK_SIGNATURE_HEADER) !== undefined
  const scheme = options.scheme === 'auto' ? (hasStandard || header(request.headers, CALLTRACKING_HEADER) === undefined ? 'standard' : 'calltracking') : options.scheme
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody) : request.rawBody
  return scheme === 'standard' ? verifyStandard(request, body, options, nowMs) : verifyCalltracking(request, body, options)
}

function verifyStandard(request: IncomingWebhook, body: Buffer, options: ResolvedVerifyOptions, nowMs: number): VerifiedWebhook {
  const id = header(request.headers, WEBHOOK_ID_HEADER)
  const timestampText = header(request.headers, WEBHOOK_TIMESTAMP_HEADER)
  const signatures = header(request.headers, WEBHOOK_SIGNATURE_HEADER)
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationError('missing_headers', 'Missing webhook-id, webhook-timestamp or webhook-signature header')
  }
  if (!/^\d{1,12}$/.test(timestampText)) throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a number of seconds')
  const timestamp = Number(timestampText)
  const nowSeconds = Math.floor(nowMs / 1000)
  if (timestamp < nowSeconds - options.toleranceSeconds) throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old')
  if (timestamp > nowSeconds + options.toleranceSeconds) throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is too far in the future')

  const given = signatures.split(' ').flatMap((part) => {
    const [version, value] = part.split(',', 2)
    return version === 'v1' && value ? [Buffer.from(value, 'base64')] : []
  })
  if (given.length === 0) throw new WebhookVerificationError('invalid_signature', 'webhook-signature has no v1 signature')
  for (let index = 0; index < options.secrets.length; index++) {
    let expected: Buffer
    try {
      expected = standardSignatureBytes(options.secrets[index]!, id, timestamp, body)
    } catch {
      continue
    }
    if (given.some((candidate) => safeEqual(candidate, expected))) {
      return { event: parsePayload(body, header(request.headers, 'content-type')), scheme: 'standard', webhookId: id, timestamp, secretIndex: index }
    }
  }
  throw new WebhookVerificationError('no_matching_signature', 'No signature matches the secret(s): wrong secret, or the body was changed')
}

function verifyCalltracking(request: IncomingWebhook, body: Buffer, options: ResolvedVerifyOptions): VerifiedWebhook {
  const signature = header(request.headers, CALLTRACKING_HEADER)
  if (!signature) throw new WebhookVerificationError('missing_headers', 'Missing X-CALLTRACKING-SIGNATURE header')
  const url = typeof request.url === 'function' ? request.url() : request.url
  if (!url) throw new WebhookVerificationError('missing_headers', 'The calltracking scheme signs the request URL, and none was given')
  const contentType = header(request.headers, 'content-type')
  const isForm = isFormType(contentType)
  const data = calltrackingSignedData(url, body.toString('utf8'), isForm)
  const given = Buffer.from(signature.trim(), 'base64')
  for (let index = 0; index < options.secrets.length; index++) {
    if (safeEqual(given, Buffer.from(signCalltracking(options.secrets[index]!, data), 'base64'))) {
      const id = header(request.headers, WEBHOOK_ID_HEADER) ?? null
      return { event: parsePayload(body, contentType), scheme: 'calltracking', webhookId: id, timestamp: null, secretIndex: index }
    }
  }
  throw new WebhookVerificationError('no_matching_signature', 'X-CALLTRACKING-SIGNATURE does not match: wrong secret, wrong URL, or the body was changed')
}

/** Length check first, then a constant-time comparison. */
function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function isFormType(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
}

function parsePayload(body: Buffer, contentType: string | undefined): unknown {
  const text = body.toString('utf8')
  if (isFormType(contentType)) return formToObject(parseForm(text))
  const type = (contentType ?? '').toLowerCase()
  if (type.includes('json') || (type === '' && /^\s*[[{]/.test(text))) {
    try {
      return JSON.parse(text)
    } catch {
      throw new WebhookVerificationError('invalid_payload', 'The signed body is not valid JSON')
    }
  }
  return text
}
