import type { Store } from '../store/types.js'

/** How long an account's switch is trusted before it is read again (changes made by this instance apply at once). */
export const ACCOUNT_RECHECK_MS = 1000

/**
 * Answers "may this account's endpoints get deliveries?" for emit and the dispatcher without a
 * store read per delivery: each account's switch is read at most once per ACCOUNT_RECHECK_MS
 * (concurrent askers share one read), and forgotten at once when this instance changes it. Other
 * processes sharing a PostgreSQL database see a change within ACCOUNT_RECHECK_MS.
 */
export class AccountGate {
  readonly #store: Store
  readonly #known = new Map<string, { enabled: Promise<boolean>; until: number }>()

  constructor(store: Store) {
    this.#store = store
  }

  /** True unless the account (null: no tenant) has webhooks switched off. */
  enabled(accountId: string | null): Promise<boolean> {
    const key = accountId ?? ''
    const now = Date.now()
    const known = this.#known.get(key)
    if (known && known.until > now) return known.enabled
    const enabled = this.#store.getAccount(accountId).then((account) => account?.webhooksEnabled ?? true)
    this.#known.set(key, { enabled, until: now + ACCOUNT_RECHECK_MS })
    enabled.catch(() => this.#known.delete(key)) // a failed read is not remembered
    return enabled
  }

  /** The endpoints whose account has webhooks on. */
  async allowed<T extends { accountId: string | null }>(endpoints: readonly T[]): Promise<T[]> {
    const off = new Set<string | null>()
    for (const accountId of new Set(endpoints.map((e) => e.accountId))) if (!(await this.enabled(accountId))) off.add(accountId)
    return off.size === 0 ? [...endpoints] : endpoints.filter((e) => !off.has(e.accountId))
  }

  /** Why a delivery to this endpoint may not be sent now (its account is off), or null. */
  async refusal(endpoint: { accountId: string | null }): Promise<string | null> {
    return (await this.enabled(endpoint.accountId)) ? null : ACCOUNT_OFF_ERROR
  }

  /** After this instance changed the account: the next question reads it again. */
  forget(accountId: string | null): void {
    this.#known.delete(accountId ?? '')
  }
}

/** The `lastError` of a pending delivery failed because its account has webhooks off. */
export const ACCOUNT_OFF_ERROR = 'Webhooks are disabled for this account; redeliver or replay after enabling them'
