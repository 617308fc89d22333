/** Request headers as any framework or runtime holds them. */
export type HeaderSource =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>
  | Iterable<readonly [string, string]>

/** Reads one header by its lower-case name, in any letter case, from a plain object, a `Headers` or a list of pairs. */
export interface HeaderReader {
  get(name: string): string | undefined
}

/**
 * A case-insensitive reader over `headers`: `Webhook-Id`, `WEBHOOK-ID` and `webhook-id` are the
 * same header (HTTP field names are case-insensitive; Java clients and many proxies keep the
 * sender's case). An array value (a repeated header) gives its first element. Names are asked in
 * lower case. A plain object is read by that name first (Node, Express, Koa and Fastify hand
 * headers over lower-cased); only a miss builds the case-insensitive index, where an exact
 * lower-case name still wins over another spelling.
 */
export function headerReader(headers: HeaderSource | undefined | null): HeaderReader {
  if (!headers) return NO_HEADERS
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') return new FetchHeaders(headers as Headers)
  return new HeaderLookup(headers as Exclude<HeaderSource, Headers>)
}

const NO_HEADERS: HeaderReader = { get: () => undefined }

/** A `Headers` (fetch, undici): case-insensitive already. */
class FetchHeaders implements HeaderReader {
  readonly #headers: Headers
  constructor(headers: Headers) {
    this.#headers = headers
  }

  get(name: string): string | undefined {
    return this.#headers.get(name) ?? undefined
  }
}

class HeaderLookup implements HeaderReader {
  readonly #source: Exclude<HeaderSource, Headers>
  readonly #plain: boolean
  #byName: Map<string, string> | undefined

  constructor(source: Exclude<HeaderSource, Headers>) {
    this.#source = source
    this.#plain = !isIterable(source)
  }

  get(name: string): string | undefined {
    if (this.#plain) {
      const exact = headerValue((this.#source as Record<string, unknown>)[name])
      if (exact !== undefined) return exact
    }
    this.#byName ??= this.#index()
    return this.#byName.get(name)
  }

  #index(): Map<string, string> {
    const byName = new Map<string, string>()
    const entries = this.#plain ? Object.entries(this.#source) : (this.#source as Iterable<readonly [string, unknown]>)
    for (const [name, value] of entries) {
      const text = headerValue(value)
      if (text === undefined) continue
      const key = name.toLowerCase()
      if (!byName.has(key) || name === key) byName.set(key, text) // an exact lower-case name wins
    }
    return byName
  }
}

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  const first = Array.isArray(value) ? value[0] : value
  return first === undefined || first === null ? undefined : String(first)
}

function isIterable(value: object): value is Iterable<readonly [string, string]> {
  return typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
}

/** `webhook-*`, or Svix's brand of the same scheme, `svix-*`. */
export interface StandardHeaders {
  id: string | undefined
  timestamp: string | undefined
  signature: string | undefined
}

/** The Standard Webhooks headers, taking the `svix-` names when the `webhook-` ones are absent. */
export function standardHeaders(read: HeaderReader): StandardHeaders {
  const id = read.get('webhook-id')
  const timestamp = read.get('webhook-timestamp')
  const signature = read.get('webhook-signature')
  if (id !== undefined || timestamp !== undefined || signature !== undefined) return { id, timestamp, signature }
  return { id: read.get('svix-id'), timestamp: read.get('svix-timestamp'), signature: read.get('svix-signature') }
}
