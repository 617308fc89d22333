import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'

/** A Request's headers as the core reads them: lower-case names. */
export function headersOf(request: Request): Record<string, string> {
  return Object.fromEntries(request.headers)
}

/** A Request's body as a Node stream (the core reads it, up to its limit), or undefined when it has none. */
export function bodyStream(request: Request): Readable | undefined {
  return request.body ? Readable.fromWeb(request.body as unknown as NodeReadableStream) : undefined
}
