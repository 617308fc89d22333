import getRawBody from 'raw-body'
import { CallhookError } from '../errors.js'
import { checkValue, parseJsonSafely } from '../util/safe-json.js'

type Headers = Readonly<Record<string, string | string[] | undefined>>

function isStream(value: unknown): value is NodeJS.ReadableStream {
  return typeof value === 'object' && value !== null && typeof (value as { pipe?: unknown }).pipe === 'function' && typeof (value as { on?: unknown }).on === 'function'
}

/**
 * The raw bytes of a request body, from whatever the framework holds: a Buffer or string (read
 * already), or the request stream (read here, stopping at `limit`).
 */
export async function readRawBody(source: unknown, headers: Headers, limit: number): Promise<Buffer | undefined> {
  if (source === undefined || source === null) return undefined
  if (Buffer.isBuffer(source) || typeof source === 'string') {
    const buffer = Buffer.isBuffer(source) ? source : Buffer.from(source)
    if (buffer.length > limit) throw new CallhookError('payload_too_large', `The request body is larger than ${limit} bytes`)
    return buffer
  }
  if (isStream(source)) {
    const length = headers['content-length']
    return getRawBody(source, { limit, ...(typeof length === 'string' ? { length } : {}) })
  }
  return undefined
}

/**
 * The JSON value of a REST request body. `source` may also be a value a body parser already made
 * (e.g. `express.json()` ran first): it is used as it is.
 */
export async function readJsonBody(source: unknown, headers: Headers, limit: number): Promise<unknown> {
  if (source !== undefined && source !== null && !Buffer.isBuffer(source) && typeof source !== 'string' && !isStream(source)) {
    checkValue(source)
    return source
  }
  const raw = await readRawBody(source, headers, limit)
  if (!raw || raw.length === 0) return undefined
  const type = String(headers['content-type'] ?? 'application/json').toLowerCase()
  if (!type.includes('json')) throw new CallhookError('unsupported_media_type', `Send JSON (Content-Type: application/json), not ${type}`)
  return parseJsonSafely(raw.toString('utf8'))
}

/**
 * The raw body a signature check needs. `parsed` is what the framework put on the request
 * (`req.body`): a Buffer or string is used as it is; any other value means a body parser already
 * consumed the bytes, and the error says what to change (`hint`, written for the framework).
 */
export async function readVerifiableBody(parsed: unknown, stream: NodeJS.ReadableStream, headers: Headers, limit: number, hint: string): Promise<Buffer> {
  if (Buffer.isBuffer(parsed) || typeof parsed === 'string') return readRawBody(parsed, headers, limit) as Promise<Buffer>
  if (parsed !== undefined || (stream as { readableEnded?: boolean }).readableEnded) {
    throw new CallhookError('body_already_parsed', `verifyWebhook needs the raw request body to check the signature, but a body parser already consumed it. ${hint}`)
  }
  return (await readRawBody(stream, headers, limit)) ?? Buffer.alloc(0)
}

/**
 * True for a body declared JSON (`Content-Type: application/json`) that is empty or not valid
 * JSON: a framework's own JSON parser would reject it before the webhook verifier could answer.
 */
export function isUnparseableJson(contentType: string | undefined, raw: Buffer): boolean {
  if (contentType?.split(';')[0]!.trim().toLowerCase() !== 'application/json') return false
  if (raw.length === 0) return true
  try {
    JSON.parse(raw.toString())
    return false
  } catch {
    return true
  }
}
