import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestReceiver, type TestReceiver } from '../testing/receiver.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'
import { MemoryStore } from '../store/memory-store.js'
import type { AttemptRecord, DeliveryUpdate } from '../model/index.js'

const opened: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const item of opened.splice(0).reverse()) await item.close()
})

/** A memory store whose attempt logs wait until `release()` (all of them, or those the filter picks). */
function slowLogs(held: (attempt: AttemptRecord) => boolean = () => true) {
  const memory = new MemoryStore()
  const waiting: Array<() => void> = []
  const record = memory.recordAttempt.bind(memory)
  let logged = 0
  memory.recordAttempt = async (attempt: AttemptRecord, patch: DeliveryUpdate) => {
    if (held(attempt)) await new Promise<void>((resolve) => waiting.push(resolve))
    await record(attempt, patch)
    logged++
  }
  return {
    memory,
    waiting: () => waiting.length,
    logged: () => logged,
    release: () => waiting.splice(0).forEach((resolve) => resolve()),
  }
}

async function setUp(store: MemoryStore, total: number): Promise<{ hooks: Webhooks; r: TestReceiver }> {
  const r = await startTestReceiver()
  opened.push(r)
  const hooks = createWebhooks({ store, allowPrivateNetworks: true, logger: { warn() {}, error() {} }, concurrency: { perEndpoint: total, total } })
  opened.push(hooks)
  await hooks.endpoints.create({ url: `${r.url}/hook` })
  return { hooks, r }
}

describe('a request\'s place in the concurrency limits', () => {
  it('is free once its exchange is over, before its attempt is logged', async () => {
    let first: string | undefined
    const logs = slowLogs((attempt) => (first ??= attempt.deliveryId) === attempt.deliveryId) // only the first delivery's log waits
    const { hooks, r } = await setUp(logs.memory, 1)
    await hooks.emit('call:completed', { id: 'call_1' })
    await vi.waitFor(() => expect(logs.waiting()).toBe(1)) // its answer came; its log is held
    await hooks.emit('call:completed', { id: 'call_2' })
    // with its place held until the log, the second request would wait for it (and the log for the request: never)
    await r.waitFor(2, 3000)
    expect(logs.waiting()).toBe(1)
    logs.release()
    await vi.waitFor(() => expect(logs.logged()).toBe(2))
  })

  it('claims nothing more while as many attempts wait for their log as twice the total concurrency, less those in flight', async () => {
    const logs = slowLogs()
    const { hooks, r } = await setUp(logs.memory, 1)
    for (let i = 0; i < 4; i++) await hooks.emit('call:completed', { id: `call_${i}` })
    await vi.waitFor(() => expect(logs.waiting()).toBe(2))
    await new Promise((resolve) => setTimeout(resolve, 300)) // emits, and their wake-ups, are over: nothing else is sent
    expect(r.requests).toHaveLength(2)
    const released = setInterval(logs.release, 10)
    try {
      await r.waitFor(4, 3000)
      await vi.waitFor(() => expect(logs.logged()).toBe(4))
    } finally {
      clearInterval(released)
    }
  })
})
