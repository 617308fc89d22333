import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../store/memory-store.js'
import { Telemetry } from '../telemetry/telemetry.js'
import { deliveryRecord, endpointRecord, eventRecord } from '../testing/records.js'
import { CircuitBreakers } from './circuit-breaker.js'
import type { HttpSender } from './http-sender.js'
import { RateSlots } from './rate-slots.js'
import { sendClaimed, type ClaimedContext } from './send-claimed.js'

const settings = { failureThreshold: 1, cooldownMs: 1000, maxCooldownMs: 4000 }

/** A claimed delivery to an endpoint whose circuit is half-open (one failure opened it, its cooldown is over), and the probe's token. */
async function halfOpen(endpointOverrides: Parameters<typeof endpointRecord>[0], store: MemoryStore) {
  const breakers = new CircuitBreakers(settings)
  const endpoint = endpointRecord(endpointOverrides)
  const event = eventRecord()
  const delivery = deliveryRecord(event, endpoint.id)
  await store.insertEndpoint(endpoint)
  await store.insertEvent(event, [delivery])
  breakers.finished(endpoint.id, false, Date.now() - 2000)
  const probe = breakers.started(endpoint.id, Date.now())
  expect(probe).not.toBeNull()
  const errors: string[] = []
  const sender = { send: async () => ({ response: { status: 503, headers: {}, body: '', bodyTruncated: false }, error: null, durationMs: 1 }) } as unknown as HttpSender
  const ctx: ClaimedContext = {
    store, sender, breakers, rateSlots: new RateSlots(store, false, 60_000, new AbortController().signal),
    settings: {
      retryDelaysSeconds: [60], jitter: 0, maxRetryAfterMs: 60_000, timeoutMs: 1000, disableAfterMs: 86_400_000, onDeliveryFailed: undefined,
      logError: (message) => void errors.push(message), telemetry: new Telemetry(),
    },
  }
  return { ctx, breakers, endpoint, claimed: { ...delivery, endpoint, event }, probe, errors }
}

describe('sendClaimed and the circuit breaker', () => {
  it('abandons a probe that sends nothing (its endpoint disabled meanwhile): the next attempt probes', async () => {
    const { ctx, breakers, endpoint, claimed, probe } = await halfOpen({ enabled: false, disabledReason: 'by hand' }, new MemoryStore())
    let sent = 0
    await sendClaimed(ctx, claimed, probe, () => sent++)
    expect(sent).toBe(0)
    expect((await ctx.store.getDelivery(claimed.id))?.status).toBe('failed')
    expect(breakers.canStart(endpoint.id, Date.now())).toBe(true) // before the fix: held until restart
  })

  it('counts a probe that was answered even when its attempt log then fails: a failed probe reopens the circuit', async () => {
    const store = new MemoryStore()
    store.recordAttempt = async () => {
      throw new Error('store blip')
    }
    const { ctx, breakers, endpoint, claimed, probe, errors } = await halfOpen({}, store)
    let sent = 0
    await sendClaimed(ctx, claimed, probe, () => sent++)
    expect([sent, errors]).toEqual([1, ['callhook: a delivery could not be processed; it will be retried when its lease ends']])
    const now = Date.now()
    expect(breakers.canStart(endpoint.id, now)).toBe(false) // the 503 counted: open again, for twice the cooldown
    expect(breakers.nextProbeAt(now)).toBeGreaterThan(now + 1500)
  })
})
