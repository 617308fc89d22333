import type { AccountRecord } from '@callhook/core'
import { isoTime } from '@callhook/core/store-kit'
import type { Db } from './db.js'

/** Account statements; `s` is the quoted schema; account_key is the account id, or '' for none. */

export async function readAccount(db: Db, s: string, accountId: string | null): Promise<AccountRecord | null> {
  const { rows } = await db.query<{ webhooks_enabled: boolean; updated_at: Date }>(`SELECT webhooks_enabled, updated_at FROM ${s}.accounts WHERE account_key = $1`, [accountId ?? ''])
  const row = rows[0]
  return row ? { accountId, webhooksEnabled: row.webhooks_enabled, updatedAt: isoTime(row.updated_at) } : null
}

export async function writeAccount(db: Db, s: string, account: AccountRecord): Promise<void> {
  await db.query(`INSERT INTO ${s}.accounts (account_key, webhooks_enabled, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (account_key) DO UPDATE SET webhooks_enabled = excluded.webhooks_enabled, updated_at = excluded.updated_at`,
  [account.accountId ?? '', account.webhooksEnabled, account.updatedAt ?? new Date().toISOString()])
}
