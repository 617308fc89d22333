/** Request headers as any framework or runtime holds them. */
export type HeaderSource =
  | Headers
  | Readonly<Record<string, string | readonly string[] | number | undefined | null>>
  | Iterable<readonly [string, string]>

/** Reads one header by name, in any letter case, from a plain object, a `Headers` or a list of pairs. */
export type HeaderReader = (name: string) => string | undefined

/**
 * A case-insensitive reader over `headers`: `Webhook-Id`, `WEBHOOK-ID` and `webhook-id` are the
 * same header (HTTP field names are case-insensitive; Java clients and many proxies keep the
 * sender's case). An array value (a repeated header) gives its first element.
 */
export function headerReader(headers: HeaderSource | undefined | null): HeaderReader {
  if (!headers) return () => undefined
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    const h = headers as Headers
    return (name) => h.get(name) ?? undefined
  }
  const byName = new Map<string, string>()
  const add = (name: string, value: unknown) => {
    const first = Array.isArray(value) ? value[0] : value
    if (first === undefined || first === null) return
    const key = name.toLowerCase()
    if (!byName.has(key) || name === key) byName.set(key, String(first)) // an exact lower-case name wins
  }
  if (isIterable(headers)) for (const [name, value] of headers) add(name, value)
  else for (const [name, value] of Object.entries(headers)) add(name, value)
  return (name) => byName.get(name.toLowerCase())
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
  const webhook = { id: read('webhook-id'), timestamp: read('webhook-timestamp'), signature: read('webhook-signature') }
  if (webhook.id !== undefined || webhook.timestamp !== undefined || webhook.signature !== undefined) return webhook
  return { id: read('svix-id'), timestamp: read('svix-timestamp'), signature: read('svix-signature') }
}
