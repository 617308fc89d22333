import type { AccountRecord } from '@callhook/core'
import type Database from 'better-sqlite3'

type Sql = (text: string) => Database.Statement

/** An account's settings; account_key is the account id, or '' for none (no tenant). */
export function readAccount(sql: Sql, accountId: string | null): AccountRecord | null {
  const row = sql('SELECT webhooks_enabled, updated_at FROM accounts WHERE account_key = ?').get(accountId ?? '') as { webhooks_enabled: number; updated_at: string } | undefined
  return row ? { accountId, webhooksEnabled: row.webhooks_enabled === 1, updatedAt: row.updated_at } : null
}

export function writeAccount(sql: Sql, account: AccountRecord): void {
  sql(`INSERT INTO accounts (account_key, webhooks_enabled, updated_at) VALUES (@key, @enabled, @updatedAt)
    ON CONFLICT (account_key) DO UPDATE SET webhooks_enabled = excluded.webhooks_enabled, updated_at = excluded.updated_at`)
    .run({ key: account.accountId ?? '', enabled: account.webhooksEnabled ? 1 : 0, updatedAt: account.updatedAt ?? new Date().toISOString() })
}
