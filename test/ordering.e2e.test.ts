import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { createWebhooks, MemoryStore, type Store, type Webhooks } from '@callhook/core'
import { startTestReceiver, type ReceivedRequest, type TestReceiver, type TestReply } from '@callhook/core/testing'
import { SqliteStore } from '@callhook/sqlite'
import { closeAfterEach } from './helpers/cleanup.js'

const tmp = mkdtempSync(join(tmpdir(), 'callhook-ordering-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const cleanup = closeAfterEach()
let files = 0
const stores: Array<[string, () => Store]> = [
  ['memory', () => new MemoryStore()],
  ['sqlite', () => new SqliteStore({ filename: join(tmp, `ordering-${files++}.db`) })],
]

/** What a receiver got, in arrival order: `type data.id (status answered)`. */
const log = (r: TestReceiver, replies: number[]) => r.requests.map((q, i) => {
  const body = JSON.parse(q.text) as { type: string; data: { id: string } }
  return `${body.type} ${body.data.id} ${replies[i]}`
})

/** A receiver answering 500 to `fails(body)` as long as it says so, 200 otherwise; it notes each answer. */
async function receiver(fails: (type: string, id: string, seen: number) => boolean): Promise<{ r: TestReceiver; replies: number[] }> {
  const replies: number[] = []
  const seen = new Map<string, number>()
  const r = await startTestReceiver((q: ReceivedRequest): TestReply => {
    const body = JSON.parse(q.text) as { type: string; data: { id: string } }
    const key = `${body.type} ${body.data.id}`
    seen.set(key, (seen.get(key) ?? 0) + 1)
    const status = fails(body.type, body.data.id, seen.get(key)!) ? 500 : 200
    replies.push(status)
    return { status }
  })
  cleanup.push(() => r.close())
  return { r, replies }
}

async function restGet(hooks: Webhooks, path: string): Promise<Record<string, unknown>> {
  const answer = await hooks.handleRequest({ method: 'GET', path, headers: {} })
  expect(answer.status).toBe(200)
  return JSON.parse(answer.body!)
}

describe.each(stores)('per-call ordering on the %s store, against real receivers', (_name, makeStore) => {
  function instance(delaysSeconds: number[]): Webhooks {
    const hooks = createWebhooks({ store: makeStore(), allowPrivateNetworks: true, logger: { warn() {}, error() {} }, retry: { delaysSeconds, jitter: 0 } })
    cleanup.push(() => hooks.close())
    return hooks
  }

  it('a retried call:ringing holds back call:completed of the same call on an ordered endpoint — not on an unordered one, not another call', async () => {
    const hooks = instance([0.3])
    const ringingFailsOnce = (type: string, _id: string, seen: number) => type === 'call:ringing' && seen === 1
    const ordered = await receiver(ringingFailsOnce)
    const unordered = await receiver(ringingFailsOnce)
    const orderedEp = await hooks.endpoints.create({ url: ordered.r.url, events: ['call:ringing', 'call:completed'], ordered: true })
    await hooks.endpoints.create({ url: unordered.r.url, events: ['call:ringing', 'call:completed'] })
    await hooks.emit('call:ringing', { id: 'call_1' })
    const completed = await hooks.emit('call:completed', { id: 'call_1' })
    await hooks.emit('call:completed', { id: 'call_2' })
    await ordered.r.waitFor(4)
    await unordered.r.waitFor(4)
    const seen = log(ordered.r, ordered.replies)
    expect(seen.filter((l) => l.includes('call_1'))).toEqual(['call:ringing call_1 500', 'call:ringing call_1 200', 'call:completed call_1 200'])
    expect(seen.indexOf('call:completed call_2 200')).toBeLessThan(seen.indexOf('call:ringing call_1 200')) // another call is not held
    const free = log(unordered.r, unordered.replies)
    expect(free.indexOf('call:completed call_1 200')).toBeLessThan(free.indexOf('call:ringing call_1 200')) // overtaken, as before
    // The log says it waited, and for what.
    const deliveries = (await hooks.events.get(completed.eventId)).deliveries
    const held = deliveries.find((d) => d.endpointId === orderedEp.id)!
    const ringing = (await hooks.endpoints.deliveries(orderedEp.id, { limit: 10 })).data.find((d) => d.eventType === 'call:ringing')!
    await vi.waitFor(async () => expect(await restGet(hooks, `/deliveries/${held.id}`)).toMatchObject({ status: 'succeeded', orderingKey: 'call_1', heldBehind: ringing.id }))
    expect(deliveries.find((d) => d.endpointId !== orderedEp.id)).toMatchObject({ orderingKey: null, heldBehind: null })
  })

  it('when the earlier delivery fails for good, the later ones go on and the log says they waited', async () => {
    const hooks = instance([0.1])
    const { r, replies } = await receiver((type) => type === 'call:ringing')
    const ep = await hooks.endpoints.create({ url: r.url, events: ['call:ringing', 'call:answered', 'call:completed'], ordered: true })
    const ringing = await hooks.emit('call:ringing', { id: 'call_9' })
    const answered = await hooks.emit('call:answered', { id: 'call_9' })
    const completed = await hooks.emit('call:completed', { id: 'call_9' })
    await r.waitFor(4)
    expect(log(r, replies)).toEqual(['call:ringing call_9 500', 'call:ringing call_9 500', 'call:answered call_9 200', 'call:completed call_9 200'])
    const idOf = async (eventId: string) => (await hooks.events.get(eventId)).deliveries.find((d) => d.endpointId === ep.id)!
    const [first, second, third] = [await idOf(ringing.eventId), await idOf(answered.eventId), await idOf(completed.eventId)]
    expect(first).toMatchObject({ status: 'failed', heldBehind: null })
    await vi.waitFor(async () => expect(await restGet(hooks, `/deliveries/${second.id}`)).toMatchObject({ status: 'succeeded', heldBehind: first.id }))
    await vi.waitFor(async () => expect(await restGet(hooks, `/deliveries/${third.id}`)).toMatchObject({ status: 'succeeded', heldBehind: second.id }))
  })

  it('orderingKey (emit option, or POST /events body field) orders events whatever their data ids', async () => {
    const hooks = instance([0.2])
    const { r, replies } = await receiver((type, _id, seen) => type === 'lead:created' && seen === 1)
    const ep = await hooks.endpoints.create({ url: r.url, events: ['lead:created', 'call:completed'], ordered: true })
    const answer = await hooks.handleRequest({
      method: 'POST', path: '/events', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'lead:created', data: { id: 'lead_1' }, orderingKey: 'visitor_9' }),
    })
    expect(answer.status).toBe(202)
    const call = await hooks.emit('call:completed', { id: 'call_7' }, { orderingKey: 'visitor_9' })
    await r.waitFor(3)
    expect(log(r, replies)).toEqual(['lead:created lead_1 500', 'lead:created lead_1 200', 'call:completed call_7 200'])
    expect((await hooks.events.get(call.eventId)).deliveries.find((d) => d.endpointId === ep.id)).toMatchObject({ orderingKey: 'visitor_9' })
    const bad = await hooks.handleRequest({ method: 'POST', path: '/events', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'lead:created', data: {}, orderingKey: '' }) })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body!).errors[0].field).toBe('orderingKey')
  })
})
