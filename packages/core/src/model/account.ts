/**
 * One account's webhook settings. `accountId` null: the settings of an instance without tenancy,
 * which also govern endpoints created without an account.
 */
export interface AccountRecord {
  accountId: string | null
  /** false: the account's endpoints get no new deliveries, and its pending ones fail when due. */
  webhooksEnabled: boolean
  /** When the settings were last changed; null: never (the defaults). */
  updatedAt: string | null
}

/** The settings of an account nobody has changed yet: webhooks on. */
export function defaultAccount(accountId: string | null): AccountRecord {
  return { accountId, webhooksEnabled: true, updatedAt: null }
}
