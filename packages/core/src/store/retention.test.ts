import { afterEach, describe, expect, it, vi } from 'vitest'
import { deliveryRecord, endpointRecord, eventRecord } from '../testing/records.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import { MemoryStore } from './memory-store.js'
import { pruneOnce } from './retention.js'

let hooks: Webhooks | undefined
afterEach(() => hooks?.close())

async function storeWithOldAndNewEvents() {
  const store = new MemoryStore()
  const ep = endpointRecord()
  await store.insertEndpoint(ep)
  const old = Array.from({ length: 5 }, () => eventRecord({ timestamp: new Date(Date.now() - 40 * 86_400_000).toISOString() }))
  for (const e of old) await store.insertEvent(e, [deliveryRecord(e, ep.id, { status: 'succeeded', nextAttemptAt: null })])
  const recent = eventRecord()
  await store.insertEvent(recent, [deliveryRecord(recent, ep.id, { status: 'succeeded', nextAttemptAt: null })])
  return { store, old, recent }
}

describe('retention', () => {
  it('pruneOnce deletes everything past the age in batches, until nothing is left', async () => {
    const { store, old, recent } = await storeWithOldAndNewEvents()
    const prune = vi.spyOn(store, 'prune')
    expect(await pruneOnce(store, { maxAgeMs: 30 * 86_400_000, intervalMs: 1000, batchSize: 2 })).toBe(5)
    expect(prune.mock.calls.length).toBe(4) // 2 + 2 + 1, then an empty batch
    for (const e of old) expect(await store.getEvent(e.id)).toBeNull()
    expect(await store.getEvent(recent.id)).toEqual(recent)
  })

  it('createWebhooks runs it every intervalMs with the configured age', async () => {
    const { store, old, recent } = await storeWithOldAndNewEvents()
    hooks = createWebhooks({ store, logger: { warn() {}, error() {} }, retention: { maxAgeDays: 30, intervalMs: 100 } })
    await vi.waitFor(async () => expect(await store.getEvent(old[0]!.id)).toBeNull(), { timeout: 3000, interval: 50 })
    expect(await store.getEvent(recent.id)).toEqual(recent)
  })
})
