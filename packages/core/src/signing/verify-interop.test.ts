import { createHmac } from 'node:crypto'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import { Webhook as SvixWebhook } from 'svix'
import { describe, expect, it } from 'vitest'
import { CallhookError, WebhookVerificationError } from '../errors.js'
import { standardSignature, standardSignatureHeader } from './standard-webhooks.js'
import { createVerifier, type IncomingWebhook } from './verify.js'

// The Standard Webhooks reference suites' vectors (libraries/{javascript,python,go} tests).
const SECRET = 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const PAYLOAD = '{"test": 2432232314}'
const NOW = 1_614_265_330_000

function sign(secret: string, id: string, seconds: number, payload: string): string {
  return 'v1,' + createHmac('sha256', Buffer.from(secret, 'base64')).update(`${id}.${seconds}.${payload}`).digest('base64')
}
function payload(overrides: { timestampMs?: number; secret?: string } = {}) {
  const seconds = Math.floor((overrides.timestampMs ?? NOW) / 1000)
  return {
    rawBody: PAYLOAD,
    headers: { 'webhook-id': MSG_ID, 'webhook-timestamp': String(seconds), 'webhook-signature': sign(overrides.secret ?? SECRET, MSG_ID, seconds, PAYLOAD) } as Record<string, string | undefined>,
  }
}
const verifier = (secret = SECRET) => createVerifier({ secret }, () => NOW)
function code(fn: () => unknown): string {
  try {
    fn()
  } catch (error) {
    if (error instanceof WebhookVerificationError || error instanceof CallhookError) return error.code
    throw error
  }
  return 'verified'
}

describe('Standard Webhooks reference vectors', () => {
  it('signs the known answer (msg_p5jX…, 1614265330, {"test": 2432232314})', () => {
    expect(`v1,${standardSignature(`whsec_${SECRET}`, MSG_ID, 1614265330, PAYLOAD)}`).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('refuses empty keys: "", undefined, null, "whsec_"', () => {
    for (const secret of ['', undefined, null, 'whsec_']) expect(code(() => createVerifier({ secret: secret as string }))).toBe('misconfigured')
  })

  it('rejects missing id, timestamp or signature, a non-numeric timestamp, a wrong, partial or empty signature', () => {
    const cases: Array<[string, (h: Record<string, string | undefined>) => void, string]> = [
      ['missing id', (h) => delete h['webhook-id'], 'missing_headers'],
      ['missing timestamp', (h) => delete h['webhook-timestamp'], 'missing_headers'],
      ['missing signature', (h) => delete h['webhook-signature'], 'missing_headers'],
      ['timestamp "hello"', (h) => (h['webhook-timestamp'] = 'hello'), 'invalid_timestamp'],
      ['invalid signature', (h) => (h['webhook-signature'] = 'v1,dawfeoifkpqwoekfpqoekf'), 'no_matching_signature'],
      ['partial signature', (h) => (h['webhook-signature'] = h['webhook-signature']!.slice(0, 8)), 'no_matching_signature'],
      ['"v1," alone', (h) => (h['webhook-signature'] = 'v1,'), 'invalid_signature'],
    ]
    for (const [name, mutate, expected] of cases) {
      const request = payload()
      mutate(request.headers)
      expect([name, code(() => verifier()(request))]).toEqual([name, expected])
    }
  })

  it('accepts a valid signature among several (v1 and v2 noise), and rejects timestamps beyond 5 minutes', () => {
    const request = payload()
    const noise = 'v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc='
    request.headers['webhook-signature'] = [noise, 'v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=', request.headers['webhook-signature'], noise].join(' ')
    expect(verifier()(request).event).toEqual({ test: 2432232314 })
    expect(code(() => verifier()(payload({ timestampMs: NOW - 301_000 })))).toBe('timestamp_too_old')
    expect(code(() => verifier()(payload({ timestampMs: NOW + 301_000 })))).toBe('timestamp_too_new')
  })

  it('verifies with and without the whsec_ prefix, padded or not (25-byte key "…LaSwBr")', () => {
    expect(verifier(SECRET)(payload()).event).toEqual({ test: 2432232314 })
    expect(verifier(`whsec_${SECRET}`)(payload()).event).toEqual({ test: 2432232314 })
    const unpadded = 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr'
    for (const secret of [unpadded, `${unpadded}==`, `whsec_${unpadded}`]) {
      expect(verifier(secret)(payload({ secret: `${unpadded}==` })).event).toEqual({ test: 2432232314 })
    }
  })

  it('refuses a 23-byte key that the Python library accepts (the spec asks for 24–64 bytes)', () => {
    expect(code(() => createVerifier({ secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS' }))).toBe('misconfigured')
  })

  it('verifies an empty payload, answering null (the JS library answers undefined)', () => {
    const seconds = NOW / 1000
    const request = { rawBody: '', headers: { 'content-type': 'application/json', 'webhook-id': MSG_ID, 'webhook-timestamp': String(seconds), 'webhook-signature': sign(SECRET, MSG_ID, seconds, '') } }
    expect(verifier()(request).event).toBeNull()
  })
})

describe('header names and shapes', () => {
  const seconds = NOW / 1000
  const signature = sign(SECRET, MSG_ID, seconds, PAYLOAD)
  const accepts = (headers: IncomingWebhook['headers']) => verifier()({ headers, rawBody: PAYLOAD }).webhookId

  it('reads Webhook-Id / WEBHOOK-TIMESTAMP in any case from a plain object (Java clients, proxies)', () => {
    expect(accepts({ 'Webhook-Id': MSG_ID, 'WEBHOOK-TIMESTAMP': String(seconds), 'Webhook-Signature': signature })).toBe(MSG_ID)
  })

  it('reads a Headers instance, name/value pairs, and array values', () => {
    expect(accepts(new Headers({ 'Webhook-Id': MSG_ID, 'Webhook-Timestamp': String(seconds), 'Webhook-Signature': signature }))).toBe(MSG_ID)
    expect(accepts([['webhook-id', MSG_ID], ['webhook-timestamp', String(seconds)], ['webhook-signature', signature]])).toBe(MSG_ID)
    expect(accepts({ 'webhook-id': [MSG_ID], 'webhook-timestamp': [String(seconds)], 'webhook-signature': [signature] })).toBe(MSG_ID)
  })

  it('mixes spellings in one object; an exact lower-case name wins over another spelling of it', () => {
    expect(accepts({ 'webhook-id': MSG_ID, 'Webhook-Timestamp': String(seconds), 'WEBHOOK-SIGNATURE': signature })).toBe(MSG_ID)
    expect(accepts({ 'Webhook-Id': 'msg_other', 'webhook-id': MSG_ID, 'webhook-timestamp': String(seconds), 'webhook-signature': signature })).toBe(MSG_ID)
    // a null or empty-array value counts as absent, so another spelling that has a value is read
    expect(accepts({ 'webhook-id': null, 'Webhook-Id': MSG_ID, 'webhook-timestamp': [], 'Webhook-Timestamp': String(seconds), 'webhook-signature': signature })).toBe(MSG_ID)
  })

  it('reads each v1 entry of webhook-signature up to a comma, and skips other versions and empty entries', () => {
    const v1 = signature.slice(3)
    expect(accepts({ 'webhook-id': MSG_ID, 'webhook-timestamp': String(seconds), 'webhook-signature': `v2,abc  v1a,${v1} v1,${v1},extra` })).toBe(MSG_ID)
    expect(() => accepts({ 'webhook-id': MSG_ID, 'webhook-timestamp': String(seconds), 'webhook-signature': `v2,${v1} v1,` })).toThrow(/no v1 signature/)
  })

  it('accepts svix-id / svix-timestamp / svix-signature, in any case, as the same scheme', () => {
    expect(accepts({ 'svix-id': MSG_ID, 'svix-timestamp': String(seconds), 'svix-signature': signature })).toBe(MSG_ID)
    expect(accepts({ 'Svix-Id': MSG_ID, 'Svix-Timestamp': String(seconds), 'Svix-Signature': signature })).toBe(MSG_ID)
  })
})

describe('the npm libraries agree with callhook, both ways', () => {
  const secret = `whsec_${SECRET}`
  const body = JSON.stringify({ type: 'call:completed', data: { id: 'call_1' } })

  it('the svix and standardwebhooks libraries verify what callhook signs (with a rotation\'s two signatures)', () => {
    const seconds = Math.floor(Date.now() / 1000)
    const header = standardSignatureHeader([`whsec_${Buffer.alloc(32, 7).toString('base64')}`, secret], 'msg_1', seconds, body)
    expect(new StandardWebhook(secret).verify(body, { 'webhook-id': 'msg_1', 'webhook-timestamp': String(seconds), 'webhook-signature': header })).toEqual(JSON.parse(body))
    // svix 2.x returns nothing and throws when the signature does not verify
    expect(() => new SvixWebhook(secret).verify(body, { 'svix-id': 'msg_1', 'svix-timestamp': String(seconds), 'svix-signature': header })).not.toThrow()
    expect(() => new SvixWebhook(secret).verify(`${body} `, { 'svix-id': 'msg_1', 'svix-timestamp': String(seconds), 'svix-signature': header })).toThrow()
  })

  it('callhook verifies what the svix library signs', () => {
    const at = new Date(NOW)
    const headers = { 'svix-id': 'msg_svix', 'svix-timestamp': String(NOW / 1000), 'svix-signature': new SvixWebhook(secret).sign('msg_svix', at, body) }
    expect(createVerifier({ secret }, () => NOW)({ headers, rawBody: body })).toMatchObject({ event: JSON.parse(body), webhookId: 'msg_svix', scheme: 'standard' })
  })
})
