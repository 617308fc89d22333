import { expect, it } from 'vitest'
import { OPERATIONAL_EVENT_TYPES } from '../model/index.js'
import type { Store } from '../store/types.js'
import { endpointRecord } from './records.js'

/** Operational event matching, a case of the store contract; `store()` is the current test's store. */
export function describeOperationalContract(store: () => Store): void {
  it("operational events: '*' never matches them; endpoints that name them get them (tenant rules as usual)", async () => {
    const all = endpointRecord({ events: ['*'] })
    const ops = endpointRecord({ events: ['endpoint:disabled', 'delivery:failed'] })
    const opsOfA = endpointRecord({ events: [...OPERATIONAL_EVENT_TYPES], accountId: 'acc_a' })
    const opsOfB = endpointRecord({ events: ['*', 'endpoint:disabled'], accountId: 'acc_b' })
    for (const ep of [all, ops, opsOfA, opsOfB]) await store().insertEndpoint(ep)
    const ids = async (type: string, account: string | null) => (await store().endpointsForEvent(type, account)).map((e) => e.id).sort()
    expect(await ids('endpoint:disabled', 'acc_a')).toEqual([ops.id, opsOfA.id].sort())
    expect(await ids('endpoint:disabled', 'acc_b')).toEqual([ops.id, opsOfB.id].sort())
    expect(await ids('endpoint:recovered', null)).toEqual([])
    expect(await ids('endpoint:secret-rotated', 'acc_a')).toEqual([opsOfA.id])
    expect(await ids('call:completed', 'acc_b')).toEqual([all.id, opsOfB.id].sort())
    await store().updateEndpoint(all.id, { events: ['*', 'delivery:failed'] })
    expect(await ids('delivery:failed', null)).toEqual([all.id, ops.id].sort())
  })
}
