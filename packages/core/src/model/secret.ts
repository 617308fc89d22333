import { randomBytes } from 'node:crypto'
import { standardKeyBytes } from '../signing/secret-key.js'

export const SECRET_PREFIX = 'whsec_'
/**
 * A secret given by the user: a `whsec_` secret, or an existing signing key of 16–256 characters
 * (a Magnétis key, say, so its receivers keep working).
 */
export const SECRET_PATTERN = /^(whsec_[A-Za-z0-9+/]{32,}={0,2}|[A-Za-z0-9+/=_.-]{16,256})$/
export const SECRET_RULE = 'must be "whsec_" followed by at least 24 base64-encoded bytes, or an existing key of 16–256 letters, digits and + / = _ . -'

/** A new endpoint secret: `whsec_` + 32 random bytes, base64. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64')
}

/** The HMAC key Standard Webhooks uses: the base64-decoded part after `whsec_`, decoded strictly (see signing/secret-key.ts). */
export function standardWebhooksKey(secret: string): Buffer {
  return standardKeyBytes(secret)
}
