import { expect, it } from 'vitest'
import type { Store } from '../store/types.js'

/** The account-wide switch's settings, a case of the store contract; `store()` is the current test's store. */
export function describeAccountContract(store: () => Store): void {
  it('accounts: none stored until written; each account (and the null one) keeps its own settings, replaced on write', async () => {
    expect(await store().getAccount('acc_a')).toBeNull()
    expect(await store().getAccount(null)).toBeNull()
    await store().putAccount({ accountId: 'acc_a', webhooksEnabled: false, updatedAt: '2026-05-01T12:00:00.000Z' })
    await store().putAccount({ accountId: null, webhooksEnabled: false, updatedAt: '2026-05-01T12:00:01.000Z' })
    expect(await store().getAccount('acc_a')).toEqual({ accountId: 'acc_a', webhooksEnabled: false, updatedAt: '2026-05-01T12:00:00.000Z' })
    expect(await store().getAccount(null)).toEqual({ accountId: null, webhooksEnabled: false, updatedAt: '2026-05-01T12:00:01.000Z' })
    expect(await store().getAccount('acc_b')).toBeNull()
    await store().putAccount({ accountId: 'acc_a', webhooksEnabled: true, updatedAt: '2026-05-01T12:00:02.000Z' })
    expect(await store().getAccount('acc_a')).toEqual({ accountId: 'acc_a', webhooksEnabled: true, updatedAt: '2026-05-01T12:00:02.000Z' })
    expect(await store().getAccount(null)).toMatchObject({ webhooksEnabled: false })
  })
}
