import { describe, expect, it } from 'vitest'
import { CallhookError, WebhookVerificationError } from '../errors.js'
import { generateSecret } from '../model/secret.js'
import { signedRequest, TEST_SECRET } from '../testing/signed-request.js'
import { createVerifier } from './verify.js'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const nowSeconds = NOW / 1000
const verifier = (options: Parameters<typeof createVerifier>[0] = { secret: TEST_SECRET }) => createVerifier(options, () => NOW)

function rejection(fn: () => unknown): WebhookVerificationError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookVerificationError)
    return error as WebhookVerificationError
  }
  throw new Error('expected a WebhookVerificationError')
}

describe('verifying Standard Webhooks signatures', () => {
  it('accepts a genuine request and returns the parsed event with its id and timestamp', () => {
    const result = verifier()(signedRequest({ timestamp: nowSeconds }))
    expect(result).toMatchObject({ scheme: 'standard', webhookId: 'msg_test', timestamp: nowSeconds, secretIndex: 0 })
    expect(result.event).toMatchObject({ type: 'call:completed', data: { id: 'call_1' } })
  })

  it('rejects a tampered body', () => {
    const request = signedRequest({ timestamp: nowSeconds })
    request.rawBody = Buffer.from(request.rawBody.toString().replace('42', '43'))
    expect(rejection(() => verifier()(request)).code).toBe('no_matching_signature')
  })

  it('rejects a signature made with another secret', () => {
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds, secret: generateSecret() }))).code).toBe('no_matching_signature')
  })

  it('rejects a changed webhook-id', () => {
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds, headers: { 'webhook-id': 'msg_other' } }))).code).toBe('no_matching_signature')
  })

  it('rejects stale and future timestamps beyond the tolerance, before checking the HMAC', () => {
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds - 301 }))).code).toBe('timestamp_too_old')
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds + 301 }))).code).toBe('timestamp_too_new')
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds - 301, headers: { 'webhook-signature': 'v1,garbage' } }))).code).toBe('timestamp_too_old')
    expect(verifier()(signedRequest({ timestamp: nowSeconds - 299 })).scheme).toBe('standard')
  })

  it('rejects missing headers and malformed values', () => {
    expect(rejection(() => verifier()(signedRequest({ headers: { 'webhook-id': undefined } }))).code).toBe('missing_headers')
    expect(rejection(() => verifier()(signedRequest({ headers: { 'webhook-timestamp': 'soon' } }))).code).toBe('invalid_timestamp')
    expect(rejection(() => verifier()(signedRequest({ timestamp: nowSeconds, headers: { 'webhook-signature': 'v2,abc' } }))).code).toBe('invalid_signature')
  })

  it('accepts any of several secrets and says which one matched (rotation)', () => {
    const older = generateSecret()
    const result = verifier({ secrets: [generateSecret(), older] })(signedRequest({ timestamp: nowSeconds, secret: older }))
    expect(result.secretIndex).toBe(1)
  })

  it('accepts a header carrying several signatures when one matches', () => {
    const request = signedRequest({ timestamp: nowSeconds, secrets: [generateSecret(), TEST_SECRET] })
    expect(request.headers['webhook-signature']!.split(' ')).toHaveLength(2)
    expect(verifier()(request).secretIndex).toBe(0)
  })

  it('refuses to be set up without a secret', () => {
    expect(() => createVerifier({})).toThrow(CallhookError)
    expect(() => createVerifier({ secret: '' })).toThrow(/needs the endpoint secret/)
  })
})

describe('verifying X-CALLTRACKING-SIGNATURE', () => {
  const form = 'calltracking_event%5Bidcall%5D=1234567&calltracking_event%5Bduration%5D=120&event_type=call%3Acompleted'
  const formRequest = (overrides = {}) =>
    signedRequest({ body: form, contentType: 'application/x-www-form-urlencoded', headers: { 'webhook-signature': undefined }, ...overrides })

  it('accepts a genuine form request and returns the fields as an object', () => {
    const result = verifier({ secret: TEST_SECRET, scheme: 'calltracking' })(formRequest())
    expect(result.scheme).toBe('calltracking')
    expect(result.event).toEqual({ calltracking_event: { idcall: '1234567', duration: '120' }, event_type: 'call:completed' })
  })

  it('is picked automatically when only the calltracking header is present', () => {
    expect(verifier()(formRequest()).scheme).toBe('calltracking')
  })

  it('rejects a different URL, a changed field and a wrong key', () => {
    const request = formRequest()
    expect(rejection(() => verifier({ secret: TEST_SECRET, scheme: 'calltracking' })({ ...request, url: 'https://evil.example.com/hooks/calls' })).code).toBe('no_matching_signature')
    expect(rejection(() => verifier({ secret: TEST_SECRET, scheme: 'calltracking' })({ ...request, rawBody: Buffer.from(form.replace('120', '121')) })).code).toBe('no_matching_signature')
    expect(rejection(() => verifier({ secret: generateSecret(), scheme: 'calltracking' })(request)).code).toBe('no_matching_signature')
  })
})
