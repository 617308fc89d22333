import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryStore } from '../store/memory-store.js'
import { ACCOUNT_RECHECK_MS, AccountGate } from './account-gate.js'

afterEach(() => vi.useRealTimers())

describe('AccountGate', () => {
  it('reads an account once per recheck period (concurrent askers share the read), sees another writer after it, and re-reads at once when forgotten', async () => {
    vi.useFakeTimers()
    const store = new MemoryStore()
    const read = vi.spyOn(store, 'getAccount')
    const gate = new AccountGate(store)
    expect(await Promise.all([gate.enabled('acc_a'), gate.enabled('acc_a')])).toEqual([true, true])
    expect(read).toHaveBeenCalledTimes(1)
    await store.putAccount({ accountId: 'acc_a', webhooksEnabled: false, updatedAt: new Date().toISOString() }) // as another process would
    expect(await gate.enabled('acc_a')).toBe(true)
    vi.advanceTimersByTime(ACCOUNT_RECHECK_MS)
    expect(await gate.enabled('acc_a')).toBe(false)
    await store.putAccount({ accountId: 'acc_a', webhooksEnabled: true, updatedAt: new Date().toISOString() })
    gate.forget('acc_a')
    expect(await gate.enabled('acc_a')).toBe(true)
    expect(read).toHaveBeenCalledTimes(3)
  })

  it('keeps the endpoints of accounts that are on (the null account apart from the others) and does not remember a failed read', async () => {
    const store = new MemoryStore()
    await store.putAccount({ accountId: null, webhooksEnabled: false, updatedAt: '2026-05-01T00:00:00.000Z' })
    const gate = new AccountGate(store)
    const endpoints = [{ id: 'a', accountId: 'acc_a' }, { id: 'shared', accountId: null }]
    expect((await gate.allowed(endpoints)).map((e) => e.id)).toEqual(['a'])
    expect(await gate.refusal({ accountId: null })).toMatch(/disabled for this account/)
    const failing = new AccountGate({ getAccount: vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(null) } as never)
    await expect(failing.enabled('acc_a')).rejects.toThrow('down')
    expect(await failing.enabled('acc_a')).toBe(true)
  })
})
