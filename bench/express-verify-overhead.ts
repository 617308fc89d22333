/**
 * express-verify-overhead: autocannon req/s of an Express route behind verifyWebhook vs the same
 * route behind express.json() alone; the server runs in its own process, the same signed 1 KiB
 * request is sent to both.
 */
import autocannon from 'autocannon'
import { generateSecret, standardSignatureHeader } from '@callhook/core'
import { callRecord, child, interleaved, type Result } from './lib.js'

async function reqPerSecond(url: string, headers: Record<string, string>, body: string, duration = 5): Promise<number> {
  const result = await autocannon({ url, method: 'POST', headers, body, connections: 20, duration })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  return result.requests.average
}

export async function expressVerifyOverhead(): Promise<Result> {
  const secret = generateSecret()
  const server = child('express-server', secret)
  try {
    const base = await server.line('listening')
    const body = JSON.stringify({ id: 'msg_1', type: 'call:completed', timestamp: new Date().toISOString(), accountId: null, data: callRecord(1) })
    const timestamp = Math.floor(Date.now() / 1000)
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': standardSignatureHeader([secret], 'msg_1', timestamp, body) }
    // Warm-up of both code paths, alternating twice: the server's JIT settles for both before the rounds
    for (let i = 0; i < 2; i++) for (const path of ['/json', '/verify']) await reqPerSecond(`${base}${path}`, headers, body, 3)
    // Interleaved rounds, median ratio: the client shares the 2 cores, so order and drift would bias one side.
    return await interleaved(
      { name: 'express-verify-overhead', unit: 'req/s', goal: '≥ 0.9' },
      () => reqPerSecond(`${base}/json`, headers, body),
      () => reqPerSecond(`${base}/verify`, headers, body),
    )
  } finally {
    await server.stop()
  }
}
