/**
 * Strict reading of signing secrets. Node's own base64 decoder is lenient — it drops characters it
 * does not know, so `whsec_!!!!` decodes to zero bytes and every signature made with an empty key
 * would pass. Secrets are therefore checked character by character and by decoded length.
 *
 * - `whsec_<base64>`: a Standard Webhooks secret; the key is the decoded bytes, 24–64 of them.
 * - Without the prefix, a string that is base64 of 24–64 bytes is read the same way (the
 *   Standard Webhooks libraries accept secrets with or without `whsec_`).
 * - Any other string is a vendor key (a Magnétis key, say) of 16–256 characters; its HMAC key is
 *   the string itself, as the calltracking scheme uses it.
 */
export const WHSEC_PREFIX = 'whsec_'
export const MIN_KEY_BYTES = 24
export const MAX_KEY_BYTES = 64
export const MIN_VENDOR_KEY_CHARS = 16
export const MAX_VENDOR_KEY_CHARS = 256

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** The bytes of standard base64 text (padding optional), or null when it is not base64. */
export function decodeBase64Strict(text: string): Buffer | null {
  if (!BASE64.test(text)) return null
  const unpadded = text.replace(/=+$/, '')
  if (unpadded.length % 4 === 1) return null
  if (unpadded.length !== text.length && text.length % 4 !== 0) return null
  return Buffer.from(unpadded, 'base64')
}

/** Why a `whsec_` secret cannot be used, or null when it can. */
export function whsecProblem(secret: string): string | null {
  const encoded = secret.slice(WHSEC_PREFIX.length)
  if (encoded.length === 0) return 'is "whsec_" with no key after it'
  const bytes = decodeBase64Strict(encoded)
  if (bytes === null) return 'is not "whsec_" followed by base64 (A–Z a–z 0–9 + /, "=" padding only at the end)'
  if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
    return `decodes to ${bytes.length} bytes; a Standard Webhooks key has ${MIN_KEY_BYTES}–${MAX_KEY_BYTES}`
  }
  return null
}

/** Why a secret cannot be used (prefixed or a vendor key), or null when it can. */
export function secretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string' || secret.length === 0) return 'is empty'
  if (secret.startsWith(WHSEC_PREFIX)) return whsecProblem(secret)
  if (unprefixedStandardKey(secret)) return null
  if (secret.length < MIN_VENDOR_KEY_CHARS || secret.length > MAX_VENDOR_KEY_CHARS) {
    return `must be "whsec_" followed by base64 of ${MIN_KEY_BYTES}–${MAX_KEY_BYTES} bytes, or a vendor key of ${MIN_VENDOR_KEY_CHARS}–${MAX_VENDOR_KEY_CHARS} characters (this one has ${secret.length})`
  }
  return null
}

function unprefixedStandardKey(secret: string): Buffer | null {
  const bytes = decodeBase64Strict(secret)
  return bytes !== null && bytes.length >= MIN_KEY_BYTES && bytes.length <= MAX_KEY_BYTES ? bytes : null
}

/**
 * The HMAC-SHA256 key of the Standard Webhooks scheme: the decoded bytes of a `whsec_` (or bare
 * base64) secret, else the vendor key's own bytes. Throws, naming the rule, for a secret that
 * {@link secretProblem} refuses — never an empty key.
 */
export function standardKeyBytes(secret: string): Buffer {
  const problem = secretProblem(secret)
  if (problem !== null) throw new TypeError(`The signing secret ${problem}`)
  if (secret.startsWith(WHSEC_PREFIX)) return decodeBase64Strict(secret.slice(WHSEC_PREFIX.length))!
  return unprefixedStandardKey(secret) ?? Buffer.from(secret, 'utf8')
}

/** A zod refinement for endpoint create/rotate: a `whsec_` secret must decode strictly to 24–64 bytes. */
export function refineWhsec(secret: string, ctx: { addIssue(issue: { code: 'custom'; message: string }): void }): void {
  const problem = secret.startsWith(WHSEC_PREFIX) ? whsecProblem(secret) : null
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
}
