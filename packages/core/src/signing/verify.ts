import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto'
import { CallhookError, WebhookVerificationError } from '../errors.js'
import { CALLTRACKING_HEADER, calltrackingSignedData, signCalltracking } from './calltracking.js'
import { formToObject, parseForm } from './form-fields.js'
import { secretProblem, standardKeyBytes } from './secret-key.js'
import { headerReader, standardHeaders, type HeaderReader, type HeaderSource, type StandardHeaders } from './webhook-headers.js'

export type VerifyScheme = 'auto' | 'standard' | 'calltracking'

export interface VerifyOptions {
  /** The endpoint's secret. Give this or `secrets`. */
  secret?: string | undefined
  /** Several secrets (e.g. during a rotation): a signature made with any of them is accepted. */
  secrets?: readonly string[] | undefined
  /**
   * Which signature to check. `auto` checks Standard Webhooks headers (`webhook-*` or `svix-*`) when present, else
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
  /** Header names in any case (`Webhook-Id`, `svix-id`…): a plain object, a `Headers`, or name/value pairs. */
  headers: HeaderSource
  rawBody: Buffer | string
  /** The exact URL the sender posted to; the calltracking scheme signs it. A function is called only when needed. */
  url?: string | (() => string) | undefined
}

export interface VerifiedWebhook<T = unknown> {
  /** The parsed body: the JSON event, the form fields as an object, the text, or null for an empty body. */
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
  /** Each secret's HMAC-SHA256 key for the Standard Webhooks scheme, decoded strictly once. */
  readonly standardKeys: readonly KeyObject[]
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
  if (secrets.length === 0 || secrets.some((s) => s === undefined || s === null || s === '')) {
    throw new CallhookError('misconfigured', 'verifyWebhook needs the endpoint secret: verifyWebhook({ secret: process.env.WEBHOOK_SECRET }) (or `secrets: [...]` during a rotation)')
  }
  secrets.forEach((secret, index) => {
    const problem = secretProblem(secret)
    const which = options.secrets?.length ? `secrets[${index}]` : 'secret'
    if (problem !== null) throw new CallhookError('misconfigured', `verifyWebhook: the ${which} ${problem}. Copy the endpoint's secret exactly as callhook (or the sender) shows it.`)
  })
  const scheme = options.scheme ?? 'auto'
  if (!['auto', 'standard', 'calltracking'].includes(scheme)) {
    throw new CallhookError('misconfigured', `verifyWebhook: scheme must be "auto", "standard" or "calltracking", not "${scheme}"`)
  }
  const toleranceSeconds = options.toleranceSeconds ?? 300
  if (!(toleranceSeconds >= 0)) throw new CallhookError('misconfigured', 'verifyWebhook: toleranceSeconds must be a number >= 0')
  return { secrets, standardKeys: secrets.map((s) => createSecretKey(standardKeyBytes(s))), scheme, toleranceSeconds }
}

function verifyWebhookRequest(request: IncomingWebhook, options: ResolvedVerifyOptions, nowMs: number): VerifiedWebhook {
  const read = headerReader(request.headers)
  const standard = standardHeaders(read)
  const hasStandard = standard.signature !== undefined
  const scheme = options.scheme === 'auto' ? (hasStandard || read.get(CALLTRACKING_HEADER) === undefined ? 'standard' : 'calltracking') : options.scheme
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody) : request.rawBody ?? Buffer.alloc(0)
  return scheme === 'standard' ? verifyStandard(read, standard, body, options, nowMs) : verifyCalltracking(request, read, standard, body, options)
}

function verifyStandard(read: HeaderReader, headers: StandardHeaders, body: Buffer, options: ResolvedVerifyOptions, nowMs: number): VerifiedWebhook {
  const { id, timestamp: timestampText, signature: signatures } = headers
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationError('missing_headers', 'Missing webhook-id, webhook-timestamp or webhook-signature header (or svix-id, svix-timestamp, svix-signature)')
  }
  if (!/^\d{1,12}$/.test(timestampText)) throw new WebhookVerificationError('invalid_timestamp', 'webhook-timestamp is not a number of seconds')
  const timestamp = Number(timestampText)
  const nowSeconds = Math.floor(nowMs / 1000)
  if (timestamp < nowSeconds - options.toleranceSeconds) throw new WebhookVerificationError('timestamp_too_old', 'webhook-timestamp is too old')
  if (timestamp > nowSeconds + options.toleranceSeconds) throw new WebhookVerificationError('timestamp_too_new', 'webhook-timestamp is too far in the future')

  const given = v1Signatures(signatures)
  if (given.length === 0) throw new WebhookVerificationError('invalid_signature', 'webhook-signature has no v1 signature')
  for (let index = 0; index < options.standardKeys.length; index++) {
    const expected = createHmac('sha256', options.standardKeys[index]!).update(`${id}.${timestamp}.`).update(body).digest()
    if (given.some((candidate) => safeEqual(candidate, expected))) {
      return { event: parsePayload(body, read.get('content-type')), scheme: 'standard', webhookId: id, timestamp, secretIndex: index }
    }
  }
  throw new WebhookVerificationError('no_matching_signature', 'No signature matches the secret(s): wrong secret, or the body was changed')
}

function verifyCalltracking(request: IncomingWebhook, read: HeaderReader, headers: StandardHeaders, body: Buffer, options: ResolvedVerifyOptions): VerifiedWebhook {
  const signature = read.get(CALLTRACKING_HEADER)
  if (!signature) throw new WebhookVerificationError('missing_headers', 'Missing X-CALLTRACKING-SIGNATURE header')
  const url = typeof request.url === 'function' ? request.url() : request.url
  if (!url) throw new WebhookVerificationError('missing_headers', 'The calltracking scheme signs the request URL, and none was given')
  const contentType = read.get('content-type')
  // the signed string is built from the raw bytes, as PHP parses them: nothing is UTF-8-decoded first
  const data = calltrackingSignedData(url, body, isFormType(contentType))
  const given = Buffer.from(signature.trim(), 'base64')
  for (let index = 0; index < options.secrets.length; index++) {
    if (safeEqual(given, Buffer.from(signCalltracking(options.secrets[index]!, data), 'base64'))) {
      return { event: parsePayload(body, contentType), scheme: 'calltracking', webhookId: headers.id ?? null, timestamp: null, secretIndex: index }
    }
  }
  throw new WebhookVerificationError('no_matching_signature', 'X-CALLTRACKING-SIGNATURE does not match: wrong secret, wrong URL, or the body was changed')
}

/** The decoded `v1,<base64>` entries of a space-separated `webhook-signature` (other versions are skipped). */
function v1Signatures(header: string): Buffer[] {
  const found: Buffer[] = []
  let start = 0
  while (start < header.length) {
    let end = header.indexOf(' ', start)
    if (end < 0) end = header.length
    const comma = header.indexOf(',', start + 3)
    const valueEnd = comma >= 0 && comma < end ? comma : end // `v1,<sig>,…`: the signature ends at the next comma
    if (valueEnd > start + 3 && header.startsWith('v1,', start)) found.push(Buffer.from(header.slice(start + 3, valueEnd), 'base64'))
    start = end + 1
  }
  return found
}

/** Length check first, then a constant-time comparison. */
function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

function isFormType(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')
}

/**
 * The payload of an authentic request: null for an empty body; form fields; JSON. A body that
 * claims JSON but is not is a sender bug, not a forgery: 400 `invalid_payload`, never 401.
 */
function parsePayload(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return null
  const type = contentType === undefined ? '' : contentType.toLowerCase()
  if (isFormType(type)) return formToObject(parseForm(body))
  const text = body.toString('utf8')
  if (type.includes('json') || (type === '' && /^\s*[[{]/.test(text))) {
    try {
      return JSON.parse(text)
    } catch {
      throw new WebhookVerificationError('invalid_payload', 'The body is authentic (its signature matches) but is not valid JSON')
    }
  }
  return text
}
