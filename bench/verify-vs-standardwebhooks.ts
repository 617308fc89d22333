/** verify-vs-standardwebhooks: verifications/s of our verifier vs the `standardwebhooks` package, same 1 KiB payload. */
import { Webhook } from 'standardwebhooks'
import { createVerifier, generateSecret, standardSignatureHeader } from '@callhook/core'
import { callRecord, interleaved, type Result } from './lib.js'

function rate(fn: () => unknown, ms = 2000): number {
  const warm = performance.now()
  while (performance.now() - warm < 500) for (let i = 0; i < 200; i++) fn() // warm up to steady state (standardwebhooks' JS SHA-256 keeps speeding up for a while)
  let count = 0
  const started = performance.now()
  while (performance.now() - started < ms) {
    for (let i = 0; i < 200; i++) fn()
    count += 200
  }
  return (count / (performance.now() - started)) * 1000
}

export async function verifyVsStandardWebhooks(): Promise<Result> {
  const secret = generateSecret()
  const payload = JSON.stringify({ id: 'msg_1', type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data: callRecord(1) })
  const id = 'msg_1'
  const timestamp = Math.floor(Date.now() / 1000)
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': standardSignatureHeader([secret], id, timestamp, payload), 'content-type': 'application/json' }
  const body = Buffer.from(payload)

  const ours = createVerifier({ secret })
  const theirs = new Webhook(secret)
  // both must accept it, and both parse the JSON
  if ((ours({ headers, rawBody: body }).event as { id: string }).id !== 'msg_1') throw new Error('ours did not verify')
  if ((theirs.verify(payload, headers) as { id: string }).id !== 'msg_1') throw new Error('standardwebhooks did not verify')

  return interleaved(
    { name: 'verify-vs-standardwebhooks', unit: 'verifications/s', goal: '≥ 3.0' },
    async () => rate(() => theirs.verify(payload, headers)),
    async () => rate(() => ours({ headers, rawBody: body })),
  )
}
