import { afterEach, expect, it } from 'vitest'
import type { DeliveryRecord, EndpointRecord, EventRecord } from '../model/index.js'
import type { InsertEventOptions, StaleEndpoints } from '../store/queries.js'
import { MemoryStore } from '../store/memory-store.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'

/**
 * A store that caches endpoints across processes (as @callhook/postgres does) refuses an insert
 * worked out from an answer that went stale; emit then asks for the endpoints again. This one
 * refuses the first `refusals` inserts and records which answer each insert came from.
 */
class RefusingStore extends MemoryStore {
  asked = 0
  readonly answersSeen: Array<readonly EndpointRecord[] | undefined> = []
  constructor(private refusals: number, private readonly beforeRefusing: () => Promise<void> = async () => {}) {
    super()
  }

  override async endpointsForEvent(type: string, accountId: string | null): Promise<EndpointRecord[]> {
    this.asked++
    return super.endpointsForEvent(type, accountId)
  }

  override async insertEvent(event: EventRecord, deliveries: readonly DeliveryRecord[], options: InsertEventOptions = {}): Promise<StaleEndpoints | void> {
    this.answersSeen.push(options.endpoints)
    if (this.refusals > 0) {
      this.refusals--
      await this.beforeRefusing()
      return { staleEndpoints: true }
    }
    return (await super.insertEvent(event, deliveries, options)) as void
  }
}

const open: Webhooks[] = []
afterEach(async () => {
  for (const hooks of open.splice(0)) await hooks.close()
})
const webhooksOn = (store: MemoryStore) => {
  const hooks = createWebhooks({ store, dispatch: false, logger: { warn() {}, error() {} } })
  open.push(hooks)
  return hooks
}

it('when the store refuses an insert as worked out from stale endpoints, emit reads them again and stores the event with the new answer', async () => {
  let hooks: Webhooks | undefined
  let added = ''
  // an endpoint appears between the first answer and its insert (another process created it)
  const store = new RefusingStore(1, async () => {
    added = (await hooks!.endpoints.create({ url: 'https://crm.example.com/b', events: ['call:completed'] })).id
  })
  hooks = webhooksOn(store)
  const first = await hooks.endpoints.create({ url: 'https://crm.example.com/a', events: ['call:completed'] })
  const result = await hooks.emit('call:completed', { id: 'call_1' })
  expect(result).toMatchObject({ deliveries: 2, replayed: false })
  expect(store.asked).toBe(2)
  expect(store.answersSeen.map((answer) => answer?.map((e) => e.id))).toEqual([[first.id], [first.id, added].sort()])
  expect((await store.listDeliveries({ eventId: result.eventId, limit: 10 })).map((d) => d.endpointId).sort()).toEqual([first.id, added].sort())
})

it('gives up after 5 refused inserts with a clear error, and stores nothing', async () => {
  const store = new RefusingStore(Infinity)
  const hooks = webhooksOn(store)
  await hooks.endpoints.create({ url: 'https://crm.example.com/a', events: ['call:completed'] })
  await expect(hooks.emit('call:completed', { id: 'call_1' })).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/endpoints kept changing .*5 tries.*nothing was stored/) })
  expect(store.asked).toBe(5)
  expect(await store.listDeliveries({ limit: 10 })).toEqual([])
})
