import { performance } from 'node:perf_hooks'
import { Agent, errors as undiciErrors } from 'undici'
import type { ReceivedResponse, SentRequest } from '../store/types.js'
import type { AddressPolicy } from './address-guard.js'

/** Response bodies are kept up to this size in the attempt log; the rest is never buffered. */
export const MAX_KEPT_RESPONSE_BYTES = 64 * 1024

export interface SendResult {
  response: ReceivedResponse | null
  /** Why no usable response came (timeout, refused, reset…), or null. */
  error: string | null
  durationMs: number
  /** Retrying cannot help (e.g. the request could not be built). */
  permanent?: boolean
}

export interface HttpSenderOptions {
  addressPolicy: AddressPolicy
  /** Connections kept per origin. */
  connectionsPerOrigin: number
  connectTimeoutMs: number
}

/**
 * Outgoing HTTP over one undici Agent: a keep-alive pool per origin, no redirects followed, a
 * total deadline per request, response bodies cut at 64 KiB.
 */
export class HttpSender {
  readonly #agent: Agent
  readonly #policy: AddressPolicy

  constructor(options: HttpSenderOptions) {
    this.#policy = options.addressPolicy
    this.#agent = new Agent({
      connections: options.connectionsPerOrigin,
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectTimeoutMs, ...(options.addressPolicy.allowAll ? {} : { lookup: options.addressPolicy.lookup }) },
    })
  }

  async send(request: SentRequest, timeoutMs: number): Promise<SendResult> {
    const started = performance.now()
    const elapsed = () => Math.round(performance.now() - started)
    const url = new URL(request.url)
    const literal = this.#policy.refusedLiteral(request.url)
    if (literal) return { response: null, error: `${literal} is a private or reserved address; refused (see allowPrivateNetworks / allowedNetworks)`, durationMs: 0, permanent: true }
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      const res = await this.#agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method as 'POST',
        headers: request.headers,
        body: request.body ?? undefined,
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      const { text, truncated } = await readCapped(res.body, MAX_KEPT_RESPONSE_BYTES)
      return {
        response: { status: res.statusCode, headers: flattenHeaders(res.headers), body: text, bodyTruncated: truncated },
        error: null,
        durationMs: elapsed(),
      }
    } catch (error) {
      return { response: null, error: describeError(error, signal.aborted, timeoutMs), durationMs: elapsed() }
    }
  }

  async close(): Promise<void> {
    await this.#agent.close()
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const room = limit - size
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room))
      body.destroy() // drop the rest without reading it
      return { text: Buffer.concat(chunks).toString('utf8'), truncated: true }
    }
    chunks.push(chunk)
    size += chunk.length
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false }
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return out
}

function describeError(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut || error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return `Timed out after ${timeoutMs} ms`
  }
  if (error instanceof undiciErrors.ConnectTimeoutError) return 'Timed out while connecting'
  const err = error as { message?: string; code?: string; cause?: { message?: string; code?: string } }
  const cause = err.cause?.message && err.cause.message !== err.message ? ` (${err.cause.message})` : ''
  return `${err.code ? `${err.code}: ` : ''}${err.message ?? String(error)}${cause}`
}
