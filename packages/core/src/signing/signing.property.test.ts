import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { calltrackingSignedData, signCalltracking } from './calltracking.js'
import { encodeForm, type FormFields } from './form-fields.js'
import { standardSignatureHeader } from './standard-webhooks.js'
import { createVerifier } from './verify.js'

const NOW = 1_780_000_000_000
const nowSeconds = NOW / 1000
const secretArb = fc.uint8Array({ minLength: 24, maxLength: 64 }).map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`)
const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/)
const bodyArb = fc.string({ unit: 'binary', maxLength: 2000 })
const tsArb = fc.integer({ min: nowSeconds - 299, max: nowSeconds + 299 })

function standardRequest(secret: string, id: string, ts: number, body: string) {
  return {
    headers: { 'content-type': 'text/plain', 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': standardSignatureHeader([secret], id, ts, body) },
    rawBody: Buffer.from(body),
  }
}

function rejects(fn: () => unknown): boolean {
  try {
    fn()
    return false
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error
    return true
  }
}

describe('signatures, property-based', () => {
  it('Standard Webhooks: whatever the body, secret, id and timestamp, what is signed verifies', () => {
    fc.assert(fc.property(secretArb, idArb, tsArb, bodyArb, (secret, id, ts, body) => {
      const result = createVerifier({ secret }, () => NOW)(standardRequest(secret, id, ts, body))
      return result.event === (body === '' ? null : body) && result.webhookId === id && result.timestamp === ts
    }))
  })

  it('Standard Webhooks: any single change to body, id, timestamp or signature is rejected', () => {
    const change = fc.constantFrom('body', 'id', 'timestamp', 'signature')
    fc.assert(fc.property(secretArb, idArb, tsArb, bodyArb, change, fc.nat(), (secret, id, ts, body, what, n) => {
      const request = standardRequest(secret, id, ts, body)
      if (what === 'body') request.rawBody = Buffer.concat([request.rawBody, Buffer.from([n % 256])])
      if (what === 'id') request.headers['webhook-id'] = `${id}x`
      if (what === 'timestamp') request.headers['webhook-timestamp'] = String(ts === nowSeconds ? ts + 1 : nowSeconds)
      if (what === 'signature') {
        const sig = Buffer.from(request.headers['webhook-signature'].slice(3), 'base64')
        const at = n % sig.length
        sig[at] = sig[at]! ^ (1 + (n % 255))
        request.headers['webhook-signature'] = `v1,${sig.toString('base64')}`
      }
      return rejects(() => createVerifier({ secret }, () => NOW)(request))
    }))
  })

  it('X-CALLTRACKING-SIGNATURE: what is signed verifies for any URL and body; another URL does not', () => {
    fc.assert(fc.property(fc.string({ minLength: 16, maxLength: 64 }), fc.webUrl({ withQueryParameters: true }), bodyArb, (key, url, body) => {
      const headers = { 'content-type': 'text/plain', 'x-calltracking-signature': signCalltracking(key, calltrackingSignedData(url, body, false)) }
      const verify = createVerifier({ secret: key, scheme: 'calltracking' })
      const ok = verify({ headers, rawBody: body, url }).event === (body === '' ? null : body)
      return ok && rejects(() => verify({ headers, rawBody: body, url: `${url}x` }))
    }))
  })

  it('the verifier never throws anything but WebhookVerificationError, whatever arrives', () => {
    const header = fc.option(fc.string({ maxLength: 200 }), { nil: undefined })
    fc.assert(fc.property(header, header, header, header, fc.option(fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain')), fc.uint8Array({ maxLength: 500 }), fc.constantFrom('auto', 'standard', 'calltracking') as fc.Arbitrary<'auto'>,
      (id, ts, sig, ctSig, contentType, body, scheme) => {
        const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sig, 'x-calltracking-signature': ctSig, ...(contentType ? { 'content-type': contentType } : {}) }
        try {
          createVerifier({ secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'plain-key-of-16-chars'], scheme }, () => NOW)({ headers, rawBody: Buffer.from(body), url: 'https://x.example.com/h' })
          return true
        } catch (error) {
          return error instanceof WebhookVerificationError
        }
      }))
  })
})

/** Seed 000's PHP, again, from the encoded body: $_POST, ksort, nested arrays in their order. */
function phpSignedData(url: string, body: string): string {
  const post = new Map<string, string | Map<string, string>>()
  for (const [name, value] of new URLSearchParams(body)) {
    const m = /^([^[]+)\[([^\]]*)\]$/.exec(name)
    if (m) {
      const current = post.get(m[1]!)
      const nested = current instanceof Map ? current : new Map<string, string>()
      nested.set(m[2]!, value)
      post.set(m[1]!, nested)
    } else post.set(name, value)
  }
  let data = url
  for (const key of [...post.keys()].sort()) {
    const value = post.get(key)!
    data += typeof value === 'string' ? key + value : [...value].map(([k, v]) => k + v).join('')
  }
  return data
}

describe('form canonicalisation, property-based', () => {
  // keys starting with a letter: ksort's order is then byte order (numeric keys: see php-form.test.ts, against php itself)
  const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,11}$/)
  const value = fc.string({ maxLength: 40 })
  const nested = fc.uniqueArray(fc.tuple(key, value), { minLength: 1, maxLength: 8, selector: ([k]) => k })
  const fields = fc.uniqueArray(fc.tuple(key, fc.oneof(value, nested)), { minLength: 1, maxLength: 8, selector: ([k]) => k }) as fc.Arbitrary<FormFields>

  it("matches an independent implementation of seed 000's algorithm for random field sets", () => {
    fc.assert(fc.property(fc.webUrl(), fields, (url, formFields) => {
      const body = encodeForm(formFields)
      const expected = phpSignedData(url, body)
      expect(calltrackingSignedData(url, body, true).toString('utf8')).toBe(expected)
      const header = signCalltracking('qChJkeBjdeTESTKEYTlBL', calltrackingSignedData(url, body, true))
      return header === createHmac('sha1', 'qChJkeBjdeTESTKEYTlBL').update(expected).digest('base64')
    }))
  })
})
