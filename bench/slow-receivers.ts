/**
 * slow-receivers: 1,000 endpoints that each answer after 200 ms, 20,000 deliveries (20 events,
 * each to every endpoint), memory store, callhook's default concurrency. The best any dispatcher
 * can do is keep its total concurrency busy: total ÷ 0.2 s deliveries/s — the baseline. Real
 * receivers take hundreds of milliseconds, so this is decided by how the dispatcher handles
 * concurrency, not by its CPU. The 1,000 endpoints share one origin (one receiver process, a
 * path each), as the customers of one CRM SaaS do.
 */
import { createWebhooks, resolveOptions } from '@callhook/core'
import { quiet, repeated, startReceiver, type Result } from './lib.js'

const ENDPOINTS = 1000
const EVENTS = 20
const ANSWER_MS = 200

export async function slowReceivers(): Promise<Result> {
  const receiver = await startReceiver(ANSWER_MS)
  const total = resolveOptions({}).totalConcurrency
  try {
    return await repeated({ name: 'slow-receivers', unit: 'deliveries/s', goal: '≥ 0.85', baseline: total / (ANSWER_MS / 1000) }, async () => {
      const hooks = createWebhooks({ allowPrivateNetworks: true, logger: quiet, retry: { delaysSeconds: [] } })
      for (let i = 0; i < ENDPOINTS; i++) await hooks.endpoints.create({ url: `${receiver.url}/hook/${i}`, events: ['call:completed'] })
      const done = await receiver.expect(ENDPOINTS * EVENTS)
      const started = Date.now()
      for (let i = 0; i < EVENTS; i++) await hooks.emit('call:completed', { id: `call_${i}` })
      const ms = (await done()) - started
      await hooks.close()
      return ((ENDPOINTS * EVENTS) / ms) * 1000
    })
  } finally {
    await receiver.stop()
  }
}
