import type { Envelope } from './envelope.js'

const TOKEN = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g
const PIXEL_VARIABLE = /:(callid|duration|direction|source|sale_value)(?![A-Za-z0-9_])/g

/** A dotted path in the envelope (`data.id`, `type`); a bare data field (`callerNumber`) works too. */
export function lookup(path: string, envelope: Envelope): unknown {
  const walk = (root: unknown) => path.split('.').reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), root)
  const found = walk(envelope)
  return found !== undefined ? found : walk(envelope.data)
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return ''
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

/** Fills `{{token}}` placeholders (CTM activity tokens) from the event, URL-encoded; unknown tokens become empty. */
export function renderUrlTokens(url: string, envelope: Envelope): string {
  return url.replace(TOKEN, (_, path: string) => encodeURIComponent(asText(lookup(path, envelope))))
}

/** CTM pixel variables — `:callid`, `:duration`, `:direction`, `:source`, `:sale_value` — in the path and query, URL-encoded. */
export function renderPixelVariables(url: string, data: Record<string, unknown>): string {
  const values: Record<string, unknown> = {
    callid: data.id,
    duration: data.durationSec,
    direction: data.direction,
    source: data.source,
    sale_value: data.saleValue ?? (data.sale as { value?: unknown } | undefined)?.value,
  }
  const origin = new URL(url).origin
  const rest = url.slice(origin.length)
  return origin + rest.replace(PIXEL_VARIABLE, (_, name: string) => encodeURIComponent(asText(values[name])))
}

/** The URL with every `{{token}}` replaced by a harmless value, to check the rest is a valid URL. */
export function withoutTokens(url: string): string {
  return url.replace(TOKEN, 'token')
}
