import { describe, expect, it, vi } from 'vitest'
import { WebhookVerificationError } from '../errors.js'
import { signedRequest, TEST_SECRET } from '../testing/signed-request.js'
import { createReceiver } from './webhook-receiver.js'

interface FakeReq {
  url: string
}
const defaults = { url: (req: FakeReq) => req.url }
const form = { body: 'calltracking_event%5Bidcall%5D=1', contentType: 'application/x-www-form-urlencoded', headers: { 'webhook-signature': undefined } }

describe('createReceiver', () => {
  it('reads the body with `limit` and hands over the event and how it was verified', async () => {
    const signed = signedRequest()
    const rawBody = vi.fn(async () => signed.rawBody)
    const outcome = await createReceiver({ secret: TEST_SECRET, limit: 2048 }, defaults)({ url: signed.url }, { headers: signed.headers, rawBody })
    expect(rawBody).toHaveBeenCalledWith(2048)
    expect(outcome).toMatchObject({ ok: true, webhook: { type: 'call:completed' }, verification: { scheme: 'standard', secretIndex: 0 } })
    expect(outcome.ok && 'event' in outcome.verification).toBe(false)
  })

  it('turns a forged request into the error and its 401 problem+json', async () => {
    const signed = signedRequest({ headers: { 'webhook-signature': 'v1,AAAA' } })
    const outcome = await createReceiver({ secret: TEST_SECRET }, defaults)({ url: signed.url }, { headers: signed.headers, rawBody: async () => signed.rawBody })
    if (outcome.ok) throw new Error('a forged request was accepted')
    expect(outcome.error).toBeInstanceOf(WebhookVerificationError)
    expect([outcome.response.status, outcome.response.headers['content-type'], JSON.parse(outcome.response.body!).code]).toEqual([401, 'application/problem+json', 'no_matching_signature'])
  })

  it("signs the calltracking scheme over the adapter's URL, or the `url` option (string or function)", async () => {
    const signed = signedRequest({ ...form, url: 'https://public.example.com/in' })
    const incoming = { headers: signed.headers, rawBody: async () => signed.rawBody }
    const seenByApp = { url: 'http://127.0.0.1:3000/in' }
    expect((await createReceiver({ secret: TEST_SECRET }, defaults)(seenByApp, incoming)).ok).toBe(false)
    expect((await createReceiver({ secret: TEST_SECRET, url: 'https://public.example.com/in' }, defaults)(seenByApp, incoming)).ok).toBe(true)
    expect((await createReceiver<FakeReq>({ secret: TEST_SECRET, url: (req) => req.url.replace('http://127.0.0.1:3000', 'https://public.example.com') }, defaults)(seenByApp, incoming)).ok).toBe(true)
  })

  it('answers an unexpected failure with a bare 500 and logs the original', async () => {
    const logError = vi.fn()
    const boom = new Error('disk on fire')
    const outcome = await createReceiver({ secret: TEST_SECRET }, { ...defaults, logError })({ url: 'x' }, { headers: {}, rawBody: async () => { throw boom } })
    if (outcome.ok) throw new Error('accepted without a body')
    expect([outcome.response.status, JSON.parse(outcome.response.body!).detail]).toEqual([500, 'An internal error occurred'])
    expect(logError).toHaveBeenCalledWith({ url: 'x' }, boom)
  })

  it('refuses a missing secret or a bad limit at setup', () => {
    expect(() => createReceiver({} as never, defaults)).toThrow(/needs the endpoint secret/)
    expect(() => createReceiver({ secret: TEST_SECRET, limit: 0 }, defaults)).toThrow(/`limit` must be a positive number/)
  })
})
