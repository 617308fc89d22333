import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import { standardWebhooksKey } from '../model/secret.js'

export const WEBHOOK_ID_HEADER = 'webhook-id'
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp'
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature'

/** base64(HMAC-SHA256(base64-decoded secret after `whsec_`, `${id}.${timestamp}.${body}`)) */
const keys = new Map<string, KeyObject>()

/** The secret's HMAC key, decoded once (a small cache: secrets are few and long-lived). */
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret)
  if (!key) {
    if (keys.size >= 10_000) keys.clear()
    key = createSecretKey(standardWebhooksKey(secret))
    keys.set(secret, key)
  }
  return key
}

export function standardSignature(secret: string, id: string, timestampSeconds: number, body: string | Buffer): string {
  return standardSignatureBytes(secret, id, timestampSeconds, body).toString('base64')
}

/** The raw HMAC bytes (what verification compares, without a base64 round trip). */
export function standardSignatureBytes(secret: string, id: string, timestampSeconds: number, body: string | Buffer): Buffer {
  return createHmac('sha256', keyFor(secret)).update(`${id}.${timestampSeconds}.`).update(body).digest()
}

/** The `webhook-signature` header value: `v1,<sig>` per secret, space-separated (several during a rotation). */
export function standardSignatureHeader(secrets: readonly string[], id: string, timestampSeconds: number, body: string | Buffer): string {
  return secrets.map((secret) => `v1,${standardSignature(secret, id, timestampSeconds, body)}`).join(' ')
}
