/**
 * backlog-behind-open-circuit: deliveries/s to a healthy endpoint while another endpoint's circuit
 * is open with 20,000 deliveries waiting behind it, vs the same with nothing waiting (memory
 * store, 3 interleaved rounds). A claim leaves the open circuit's endpoint out; what that costs
 * is what this row shows — with one due queue for all endpoints it was most of the work (about
 * 200 deliveries/s instead of thousands), with a queue per endpoint it is one entry per claim.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWebhooks } from '@callhook/core'
import { interleaved, quiet, startReceiver, type Result } from './lib.js'

const BACKLOG = 20_000
const DELIVERIES = 10_000

export async function backlogBehindOpenCircuit(): Promise<Result> {
  const receiver = await startReceiver()
  const down = createServer((_req, res) => void res.writeHead(500).end()) // every request fails: the circuit opens
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve))
  const downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}/hook`
  const rate = async (backlog: number) => {
    const hooks = createWebhooks({
      allowPrivateNetworks: true, logger: quiet, retry: { delaysSeconds: [] },
      concurrency: { perEndpoint: 20, total: 40 }, circuitBreaker: { failureThreshold: 3, cooldownSeconds: 600 },
    })
    try {
      await hooks.endpoints.create({ url: downUrl, events: ['call:missed'] })
      await hooks.endpoints.create({ url: `${receiver.url}/hook`, events: ['call:completed'] })
      const failed = []
      for (let i = 0; i < 3; i++) failed.push((await hooks.emit('call:missed', { id: `m${i}` })).eventId)
      for (const eventId of failed) while ((await hooks.events.get(eventId)).deliveries[0]?.status === 'pending') await new Promise((r) => setTimeout(r, 5))
      for (let i = 0; i < backlog; i++) await hooks.emit('call:missed', { id: `b${i}` })
      const done = await receiver.expect(DELIVERIES)
      const started = Date.now()
      for (let i = 0; i < DELIVERIES; i++) await hooks.emit('call:completed', { id: `c${i}` })
      return (DELIVERIES / ((await done()) - started)) * 1000
    } finally {
      await hooks.close()
    }
  }
  try {
    await rate(0) // warm-up, not counted: both sides' code compiled, the receiver's connections open
    return await interleaved({ name: 'backlog-behind-open-circuit', unit: 'deliveries/s' }, () => rate(0), () => rate(BACKLOG))
  } finally {
    await receiver.stop()
    await new Promise((resolve) => down.close(resolve))
  }
}
