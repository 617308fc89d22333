import type { AccountRecord } from '../model/index.js'

/** The memory store's account settings, by account id ('' for none), kept as frozen copies. */
export class MemoryAccounts {
  readonly #accounts = new Map<string, AccountRecord>()

  get(accountId: string | null): AccountRecord | null {
    return this.#accounts.get(accountId ?? '') ?? null
  }

  put(account: AccountRecord): void {
    this.#accounts.set(account.accountId ?? '', Object.freeze({ ...account }))
  }
}
