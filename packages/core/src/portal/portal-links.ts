import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { CallhookError } from '../errors.js'

/** What a portal link lets its holder do: `read` sees endpoints and deliveries; `manage` also changes them. */
export type PortalCapability = 'read' | 'manage'

export interface PortalLinkOptions {
  /** The account (tenant) the link opens the portal for. */
  accountId: string
  /** @default 3600 (1 h); at most 2592000 (30 days) */
  expiresInSeconds?: number
  /** @default 'read' */
  capabilities?: PortalCapability
  /** Where the REST API is mounted, as the visitor's browser reaches it: `https://app.example.com/webhooks`. @default '/webhooks' */
  baseUrl?: string
}

export interface PortalLink {
  /** `{baseUrl}/portal?token=…`: opens the portal scoped to the account. */
  url: string
  /** The bearer token alone (the element sends it as `Authorization: Bearer …`). */
  token: string
  expiresAt: Date
}

/** A verified link: who it is for, what it allows, until when. */
export interface PortalGrant {
  accountId: string
  capability: PortalCapability
  expiresAt: Date
}

/** Every token starts with this; a bearer token without it is not ours (left to the host). */
export const PORTAL_TOKEN_PREFIX = 'chpl1.'
export const MAX_LINK_SECONDS = 30 * 86_400
const SIGNATURE_BYTES = 32
const SIGNATURE_CHARS = 43 // base64url of 32 bytes, unpadded

const refuse = (why: string) => new CallhookError('invalid_portal_link', `This portal link is not valid: ${why}. Ask for a new link.`)

/**
 * Signs and verifies portal links: `chpl1.<base64url {a, c, e}>.<base64url HMAC-SHA256>`, keyed by
 * the `portal.linkSecret` option (or a random key for this process only).
 */
export class PortalLinks {
  readonly #key: Buffer
  readonly #now: () => number

  constructor(key: Buffer, now: () => number = () => Date.now()) {
    if (key.length < 32) throw new CallhookError('misconfigured', 'callhook: portal.linkSecret must be at least 32 bytes')
    this.#key = key
    this.#now = now
  }

  /** A key for links that work only in this process. */
  static randomKey(): Buffer {
    return randomBytes(32)
  }

  link(options: PortalLinkOptions): PortalLink {
    const { accountId, expiresInSeconds = 3600, capabilities = 'read', baseUrl = '/webhooks' } = options ?? ({} as PortalLinkOptions)
    if (typeof accountId !== 'string' || accountId === '') throw new CallhookError('validation_failed', 'portal.link: accountId must be a non-empty string')
    if (typeof expiresInSeconds !== 'number' || !Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_LINK_SECONDS) {
      throw new CallhookError('validation_failed', `portal.link: expiresInSeconds must be a whole number from 1 to ${MAX_LINK_SECONDS} (30 days), not ${String(expiresInSeconds)}`)
    }
    if (capabilities !== 'read' && capabilities !== 'manage') throw new CallhookError('validation_failed', `portal.link: capabilities must be 'read' or 'manage', not ${JSON.stringify(capabilities)}`)
    if (typeof baseUrl !== 'string') throw new CallhookError('validation_failed', 'portal.link: baseUrl must be a string such as https://app.example.com/webhooks')
    const expiresAt = new Date(Math.floor(this.#now() / 1000) * 1000 + expiresInSeconds * 1000)
    const payload = Buffer.from(JSON.stringify({ a: accountId, c: capabilities, e: expiresAt.getTime() / 1000 })).toString('base64url')
    const token = `${PORTAL_TOKEN_PREFIX}${payload}.${this.#sign(payload).toString('base64url')}`
    return { url: `${baseUrl.replace(/\/+$/, '')}/portal?token=${token}`, token, expiresAt }
  }

  /** The grant a token carries; throws 401 `invalid_portal_link` for a forged, tampered or expired one. */
  verify(token: string): PortalGrant {
    if (!token.startsWith(PORTAL_TOKEN_PREFIX)) throw refuse('it is not a callhook portal token')
    const body = token.slice(PORTAL_TOKEN_PREFIX.length)
    const dot = body.lastIndexOf('.')
    const payload = dot < 0 ? '' : body.slice(0, dot)
    const given = Buffer.from(dot < 0 ? '' : body.slice(dot + 1), 'base64url')
    const expected = this.#sign(payload)
    // length first (timingSafeEqual needs equal lengths), then a constant-time comparison
    const signatureText = dot < 0 ? '' : body.slice(dot + 1)
    if (signatureText.length !== SIGNATURE_CHARS || given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, expected)) throw refuse('its signature does not match')
    let claims: { a?: unknown; c?: unknown; e?: unknown }
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims
    } catch {
      throw refuse('its payload is malformed')
    }
    if (typeof claims.a !== 'string' || (claims.c !== 'read' && claims.c !== 'manage') || typeof claims.e !== 'number') throw refuse('its payload is malformed')
    if (claims.e * 1000 <= this.#now()) throw refuse('it has expired')
    return { accountId: claims.a, capability: claims.c, expiresAt: new Date(claims.e * 1000) }
  }

  #sign(payload: string): Buffer {
    return createHmac('sha256', this.#key).update(PORTAL_TOKEN_PREFIX).update(payload).digest()
  }
}
