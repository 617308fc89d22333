/**
 * fanout-index: the cost of emit() with 10 matching endpoints among 10,000 (the others subscribed
 * to other event types) vs 10 endpoints that all match. The store looks endpoints up by event
 * type, so the 9,990 others cost nothing. Memory store, no dispatch: emit alone is measured.
 */
import { createWebhooks, type Webhooks } from '@callhook/core'
import { callRecord, interleaved, quiet, type Result } from './lib.js'

const OTHER_TYPES = ['call:ringing', 'call:answered', 'call:missed', 'sms:received', 'lead:created', 'sale:updated', 'user:action']

async function instance(total: number): Promise<Webhooks> {
  const hooks = createWebhooks({ dispatch: false, allowPrivateNetworks: true, logger: quiet })
  for (let i = 0; i < total; i++) {
    await hooks.endpoints.create({ url: `https://crm${i}.example.com/hook`, events: [i < 10 ? 'call:completed' : OTHER_TYPES[i % OTHER_TYPES.length]!] })
  }
  return hooks
}

async function microsPerEmit(hooks: Webhooks, records: Array<Record<string, unknown>>): Promise<number> {
  for (let i = 0; i < 500; i++) await hooks.emit('call:completed', records[i]) // warm-up
  const started = performance.now()
  for (const data of records) {
    const { deliveries } = await hooks.emit('call:completed', data)
    if (deliveries !== 10) throw new Error(`expected 10 deliveries, got ${deliveries}`)
  }
  return ((performance.now() - started) / records.length) * 1000
}

export async function fanoutIndex(): Promise<Result> {
  const records = Array.from({ length: 5000 }, (_, i) => callRecord(i))
  const many = await instance(10_000)
  const few = await instance(10)
  try {
    return await interleaved(
      { name: 'fanout-index', unit: 'µs per emit (cost)', goal: '≥ 0.5', digits: 1, higherIsBetter: false },
      () => microsPerEmit(few, records),
      () => microsPerEmit(many, records),
    )
  } finally {
    await many.close()
    await few.close()
  }
}
