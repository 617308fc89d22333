import { performance } from 'node:perf_hooks'
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici'
import type { ReceivedResponse, SentRequest } from '../model/attempt.js'
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
  connectTimeoutMs: number
}

/**
 * Outgoing HTTP over one undici Agent: a keep-alive pool per origin, no redirects followed, a
 * total deadline per request, response bodies cut at 64 KiB. The pools set no cap of their own:
 * the dispatcher already caps requests in flight per endpoint and in all, and a cap per origin
 * would queue one endpoint behind another that shares its host (every customer of one CRM SaaS).
 */
export class HttpSender {
  readonly #agent: Agent
  readonly #policy: AddressPolicy

  constructor(options: HttpSenderOptions) {
    this.#policy = options.addressPolicy
    this.#agent = new Agent({
      keepAliveTimeout: 30_000,
      connect: { timeout: options.connectTimeoutMs, ...(options.addressPolicy.allowAll ? {} : { lookup: options.addressPolicy.lookup }) },
    })
  }

  /**
   * One request through undici's low-level dispatch: no body stream and no AbortSignal per
   * request (this is the hot path), the response body cut at 64 KiB as it arrives.
   */
  send(request: SentRequest, timeoutMs: number): Promise<SendResult> {
    const started = performance.now()
    const literal = this.#policy.refusedLiteral(request.url)
    if (literal) return Promise.resolve({ response: null, error: `${literal} is a private or reserved address; refused (see allowPrivateNetworks / allowedNetworks)`, durationMs: 0, permanent: true })
    const url = new URL(request.url)
    return new Promise((resolve) => {
      let controller: Dispatcher.DispatchController | undefined
      let status = 0
      let headers: Record<string, string> = {}
      const chunks: Buffer[] = []
      let size = 0
      let truncated = false
      let timedOut = false
      let settled = false
      const finish = (error: string | null) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        const durationMs = Math.round(performance.now() - started)
        if (error !== null && !truncated) return resolve({ response: null, error, durationMs })
        resolve({ response: { status, headers, body: Buffer.concat(chunks).toString('utf8'), bodyTruncated: truncated }, error: null, durationMs })
      }
      const timer = setTimeout(() => {
        timedOut = true
        if (controller) controller.abort(new Error('timeout'))
        else finish(`Timed out after ${timeoutMs} ms`)
      }, timeoutMs)
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c
          if (timedOut) c.abort(new Error('timeout'))
        },
        onResponseStart(_c, statusCode, responseHeaders) {
          if (statusCode < 200) return // 1xx: the real answer follows
          status = statusCode
          headers = flattenHeaders(responseHeaders)
        },
        onResponseData(c, chunk) {
          const room = MAX_KEPT_RESPONSE_BYTES - size
          if (chunk.length <= room) {
            chunks.push(chunk)
            size += chunk.length
            return
          }
          chunks.push(chunk.subarray(0, room))
          truncated = true
          c.abort(new Error('response body cut at 64 KiB')) // drop the rest without reading it
        },
        onResponseEnd() {
          finish(null)
        },
        onResponseError(_c, error) {
          finish(describeError(error, timedOut, timeoutMs))
        },
      }
      try {
        this.#agent.dispatch({ origin: url.origin, path: url.pathname + url.search, method: request.method as 'POST', headers: request.headers, body: request.body ?? undefined }, handler)
      } catch (error) {
        finish(describeError(error, false, timeoutMs))
      }
    })
  }

  async close(): Promise<void> {
    await this.#agent.close()
  }
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
