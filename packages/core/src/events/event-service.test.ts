import { afterEach, expect, it } from 'vitest'
import type { EndpointRecord } from '../model/index.js'
import type { InsertEventOptions } from '../store/queries.js'
import { MemoryStore } from '../store/memory-store.js'
import type { Store } from '../store/types.js'
import { createWebhooks, type Webhooks } from '../webhooks.js'

/**
 * A store that caches endpoints across processes (as @callhook/postgres does) refuses an insert
 * worked out from an answer that went stale; emit then asks for the endpoints again. This memory
 * store refuses the first `refusals` inserts, and records how often it was asked for endpoints and
 * which answer each insert came from.
 */
function refusingStore(refusals: number, beforeRefusing: () => Promise<void> = async () => {}) {
  const store = new MemoryStore()
  const seen = { asked: 0, answers: [] as Array<readonly EndpointRecord[] | undefined> }
  const endpointsForEvent = store.endpointsForEvent.bind(store)
  const insertEvent = store.insertEvent.bind(store)
  const refusing: Pick<Store, 'endpointsForEvent' | 'insertEvent'> = {
    async endpointsForEvent(type, accountId) {
      seen.asked++
      return endpointsForEvent(type, accountId)
    },
    async insertEvent(event, deliveries, options: InsertEventOptions = {}) {
      seen.answers.push(options.endpoints)
      if (refusals-- > 0) {
        await beforeRefusing()
        return { staleEndpoints: true }
      }
      return insertEvent(event, deliveries, options)
    },
  }
  return { store: Object.assign(store, refusing) as Store, seen }
}

const open: Webhooks[] = []
afterEach(async () => {
  for (const hooks of open.splice(0)) await hooks.close()
})
const webhooksOn = (store: Store) => {
  const hooks = createWebhooks({ store, dispatch: false, logger: { warn() {}, error() {} } })
  open.push(hooks)
  return hooks
}

it('when the store refuses an insert as worked out from stale endpoints, emit reads them again and stores the event with the new answer', async () => {
  let hooks: Webhooks | undefined
  let added = ''
  // an endpoint appears between the first answer and its insert (another process created it)
  const { store, seen } = refusingStore(1, async () => {
    added = (await hooks!.endpoints.create({ url: 'https://crm.example.com/b', events: ['call:completed'] })).id
  })
  hooks = webhooksOn(store)
  const first = await hooks.endpoints.create({ url: 'https://crm.example.com/a', events: ['call:completed'] })
  const result = await hooks.emit('call:completed', { id: 'call_1' })
  expect(result).toMatchObject({ deliveries: 2, replayed: false })
  expect(seen.asked).toBe(2)
  expect(seen.answers.map((answer) => answer?.map((e) => e.id))).toEqual([[first.id], [first.id, added].sort()])
  expect((await store.listDeliveries({ eventId: result.eventId, limit: 10 })).map((d) => d.endpointId).sort()).toEqual([first.id, added].sort())
})

it('gives up after 5 refused inserts with a clear error, and stores nothing', async () => {
  const { store, seen } = refusingStore(Infinity)
  const hooks = webhooksOn(store)
  await hooks.endpoints.create({ url: 'https://crm.example.com/a', events: ['call:completed'] })
  await expect(hooks.emit('call:completed', { id: 'call_1' })).rejects.toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/endpoints kept changing .*5 tries.*nothing was stored/) })
  expect(seen.asked).toBe(5)
  expect(await store.listDeliveries({ limit: 10 })).toEqual([])
})
