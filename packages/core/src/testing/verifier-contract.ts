import { afterAll, describe, expect, it } from 'vitest'
import { generateSecret } from '../index.js'
import type { AdapterHarness, Running } from './adapter-harness.js'
import { signedRequest, TEST_SECRET, type SignedRequestOptions } from './signed-request.js'

/**
 * The behaviour every adapter's verifyWebhook must have, over real HTTP: genuine requests reach the
 * handler with the parsed event; forged, stale or unsigned ones get 401 problem+json; the
 * calltracking scheme signs the request URL; a consumed body gets a 500 saying what to change.
 * Run it from a test file: `describeVerifierContract([expressHarness, myHarness])`.
 */
export function describeVerifierContract(harnesses: AdapterHarness[]): void {
  if (!Array.isArray(harnesses) || harnesses.length === 0) throw new TypeError('describeVerifierContract needs at least one AdapterHarness')
  const running: Running[] = []
  afterAll(async () => {
    for (const r of running) await r.close()
  })

  describe.each(harnesses)('verifyWebhook contract: $name', (harness) => {
    async function receiver(options: Parameters<typeof harness.startReceiver>[0] = { secret: TEST_SECRET }, setup?: Parameters<typeof harness.startReceiver>[1]) {
      const r = await harness.startReceiver(options, setup)
      running.push(r)
      return r
    }
    async function post(r: Running, overrides: SignedRequestOptions = {}, mutate?: (req: ReturnType<typeof signedRequest>) => void) {
      const request = signedRequest({ url: `${r.url}/incoming`, ...overrides })
      mutate?.(request)
      const res = await fetch(`${r.url}/incoming`, { method: 'POST', headers: request.headers, body: request.rawBody })
      const text = await res.text()
      return { status: res.status, contentType: res.headers.get('content-type'), json: JSON.parse(text) as any }
    }
    const now = () => Math.floor(Date.now() / 1000)

    it('accepts a genuine request and hands the parsed event to the handler', async () => {
      const res = await post(await receiver())
      expect(res.status).toBe(200)
      expect(res.json.webhook).toMatchObject({ type: 'call:completed', data: { id: 'call_1', durationSec: 42 } })
      expect(res.json.verification).toMatchObject({ scheme: 'standard', webhookId: 'msg_test', secretIndex: 0 })
    })

    it('rejects a tampered body with 401 problem+json', async () => {
      const res = await post(await receiver(), {}, (req) => {
        req.rawBody = Buffer.from(req.rawBody.toString().replace('42', '43'))
      })
      expect([res.status, res.contentType, res.json.code]).toEqual([401, 'application/problem+json', 'no_matching_signature'])
    })

    it('rejects a signature made with another secret', async () => {
      expect((await post(await receiver(), { secret: generateSecret() })).json).toMatchObject({ status: 401, code: 'no_matching_signature' })
    })

    it('rejects stale and future timestamps', async () => {
      const r = await receiver()
      expect((await post(r, { timestamp: now() - 600 })).json).toMatchObject({ status: 401, code: 'timestamp_too_old' })
      expect((await post(r, { timestamp: now() + 600 })).json).toMatchObject({ status: 401, code: 'timestamp_too_new' })
    })

    it('rejects missing signature headers', async () => {
      const res = await post(await receiver(), { headers: { 'webhook-signature': undefined, 'x-calltracking-signature': undefined } })
      expect([res.status, res.json.code]).toEqual([401, 'missing_headers'])
    })

    it('accepts the old secret during a rotation when given several secrets, and says which matched', async () => {
      const newer = generateSecret()
      const res = await post(await receiver({ secrets: [newer, TEST_SECRET] }))
      expect([res.status, res.json.verification.secretIndex]).toEqual([200, 1])
    })

    it('verifies the Magnétis-compatible signature of a form body against the request URL', async () => {
      const body = 'calltracking_event%5Bidcall%5D=1234567&calltracking_event%5Bduration%5D=120&event_type=call%3Acompleted'
      const res = await post(await receiver({ secret: TEST_SECRET, scheme: 'calltracking' }), { body, contentType: 'application/x-www-form-urlencoded' })
      expect(res.status).toBe(200)
      expect(res.json.webhook).toEqual({ calltracking_event: { idcall: '1234567', duration: '120' }, event_type: 'call:completed' })
    })

    it('works behind a body parser that keeps the raw bytes', async () => {
      const res = await post(await receiver({ secret: TEST_SECRET }, 'parser-keeps-raw'))
      expect([res.status, res.json.webhook.type]).toEqual([200, 'call:completed'])
    })

    it('says what to change when a body parser consumed the body', async () => {
      const res = await post(await receiver({ secret: TEST_SECRET }, 'parser-consumed'))
      expect([res.status, res.contentType, res.json.code]).toEqual([500, 'application/problem+json', 'body_already_parsed'])
      expect(res.json.detail).toMatch(/verifyWebhook needs the raw request body/)
    })
  })
}
