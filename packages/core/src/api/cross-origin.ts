import { CallhookError } from '../errors.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

type Headers = Readonly<Record<string, string | string[] | undefined>>

/**
 * Refuses a state-changing request (POST, PATCH, PUT, DELETE…) that the browser marks as
 * cross-site, the way Go's `http.CrossOriginProtection` does: a `Sec-Fetch-Site` other than
 * `same-origin` or `none`, or — from browsers that do not send it — an `Origin` whose host is not
 * the request's `Host`. A request with neither header (curl, server to server) is not a browser's
 * and passes. `trustedOrigins` (`https://admin.example.com`) are let through.
 * Throws `cross_origin_request` (403).
 */
export function checkCrossOrigin(method: string, headers: Headers, trustedOrigins: ReadonlySet<string>): void {
  if (SAFE_METHODS.has(method.toUpperCase())) return
  const read = (name: string) => {
    const value = headers[name] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1]
    return Array.isArray(value) ? value[0] : value
  }
  const origin = read('origin')
  if (origin !== undefined && trustedOrigins.has(origin.toLowerCase())) return
  const site = read('sec-fetch-site')
  if (site !== undefined) {
    if (site === 'same-origin' || site === 'none') return
    throw refusal(`Sec-Fetch-Site: ${site}`)
  }
  if (origin === undefined) return
  const host = read('host')
  if (host !== undefined && originHost(origin) === host.toLowerCase()) return
  throw refusal(`Origin ${origin} is not this server (${host ?? 'no Host header'})`)
}

function refusal(why: string): CallhookError {
  return new CallhookError('cross_origin_request', `A cross-site request cannot change webhooks (${why}). Send it from the same origin, or add its origin to the trustedOrigins option.`)
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase()
  } catch {
    return null
  }
}

/** Validates `trustedOrigins` once: each must be a bare origin, `scheme://host[:port]`. */
export function resolveTrustedOrigins(origins: readonly string[] | undefined, problems: string[]): ReadonlySet<string> {
  const out = new Set<string>()
  for (const origin of origins ?? []) {
    let parsed: URL | null = null
    try {
      parsed = new URL(origin)
    } catch {
      // reported below
    }
    if (!parsed || parsed.origin === 'null' || parsed.origin !== origin.replace(/\/$/, '').toLowerCase()) {
      problems.push(`trustedOrigins: "${origin}" is not an origin such as https://admin.example.com (scheme, host and port only)`)
    } else out.add(parsed.origin)
  }
  return out
}
