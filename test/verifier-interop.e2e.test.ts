import { afterAll, describe, expect, it } from 'vitest'
import { Webhook as SvixWebhook } from 'svix'
import { Webhook as StandardWebhook } from 'standardwebhooks'
import type { VerifyOptions } from '@callhook/core'
import { harnesses, type Running } from './helpers/adapters.js'

/** Verifying what third-party senders sign, through each adapter's verifyWebhook on a real server. */
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' // the Standard Webhooks test suites' key (24 bytes)
const VENDOR_KEY = 'qChJkeBjdeTESTKEYTlBL'
const running: Running[] = []
afterAll(async () => {
  for (const r of running) await r.close()
})

async function post(r: Running, headers: Record<string, string>, body: string | Buffer) {
  const res = await fetch(`${r.url}/incoming`, { method: 'POST', headers, body })
  const text = await res.text()
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any }
}

describe.each(harnesses)('verifyWebhook interop: $name', (harness) => {
  async function receiver(options: VerifyOptions & { url?: string } = { secret: SECRET }) {
    const r = await harness.startReceiver(options)
    running.push(r)
    return r
  }

  it('verifies a delivery signed by the svix library, sent with svix-* headers', async () => {
    const body = JSON.stringify({ type: 'invoice.paid', data: { id: 'in_1' } })
    const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'
    const now = new Date()
    const headers = { 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(now.getTime() / 1000)), 'svix-signature': new SvixWebhook(SECRET).sign(id, now, body) }
    const res = await post(await receiver(), headers, body)
    expect([res.status, res.json.webhook, res.json.verification.webhookId]).toEqual([200, { type: 'invoice.paid', data: { id: 'in_1' } }, id])
  })

  it('verifies a delivery signed by the standardwebhooks library with an unprefixed secret', async () => {
    const body = '{"test": 2432232314}'
    const now = new Date()
    const signature = new StandardWebhook(SECRET.slice('whsec_'.length)).sign('msg_p5jXN8AQM9LWM0D4loKWxJek', now, body)
    const headers = { 'content-type': 'application/json', 'Webhook-Id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'Webhook-Timestamp': String(Math.floor(now.getTime() / 1000)), 'Webhook-Signature': signature }
    const res = await post(await receiver({ secret: SECRET.slice('whsec_'.length) }), headers, body)
    expect([res.status, res.json.webhook]).toEqual([200, { test: 2432232314 }])
  })

  it('answers an authentic empty JSON body with the payload null, not 401', async () => {
    const now = new Date()
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_empty', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new StandardWebhook(SECRET).sign('msg_empty', now, '') }
    const res = await post(await receiver(), headers, '')
    expect([res.status, res.json.webhook, res.json.verification.webhookId]).toEqual([200, null, 'msg_empty'])
  })

  it('answers an authentic but malformed JSON body with 400 invalid_payload, not 401', async () => {
    const now = new Date()
    const body = '{"broken": '
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_bad', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new StandardWebhook(SECRET).sign('msg_bad', now, body) }
    const res = await post(await receiver(), headers, body)
    expect([res.status, res.json.code]).toEqual([400, 'invalid_payload'])
  })

  it('verifies a Latin-1 form body from a French PHP sender (signature computed by php 8.2 from these bytes)', async () => {
    const body = 'calltracking_event%5Bville%5D=Orl%E9ans&calltracking_event%5Bnom%5D=Fran%E7ois+Leg%E8re&event_type=call%3Acompleted&10=x&9=y'
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-calltracking-signature': 'ovjFglFRLc/FgdveSCzyvA7xZRI=' }
    const res = await post(await receiver({ secret: VENDOR_KEY, scheme: 'calltracking', url: 'http://127.0.0.1/incoming' }), headers, body)
    expect(res.status).toBe(200)
    expect(res.json.webhook).toEqual({ calltracking_event: { ville: 'Orléans', nom: 'François Legère' }, event_type: 'call:completed', 10: 'x', 9: 'y' })
  })
})

describe('verifyWebhook refuses unusable secrets at setup', () => {
  it.each(harnesses)('$name: whsec_ with no key, with a key that is not base64, and with a key too short', async (harness) => {
    for (const secret of ['whsec_', 'whsec_!!!!', 'whsec_' + Buffer.alloc(16, 1).toString('base64')]) {
      await expect(harness.startReceiver({ secret })).rejects.toThrow(/verifyWebhook: the secret/)
    }
  })
})
