import type { IdempotencyClaim, IdempotentReplay } from '@callhook/core'
import type Database from 'better-sqlite3'

/**
 * Inside the emit's transaction: takes the key for this event (a new key, or one first used
 * before `expiredBefore`) and returns null, or returns the first event's answer when the key is
 * live. The primary key decides, not a read before the write.
 */
export function claimKey(sql: (text: string) => Database.Statement, claim: IdempotencyClaim, eventId: string, deliveries: number, now: string): IdempotentReplay | null {
  const key = { account: claim.accountId ?? '', key: claim.key }
  const taken = sql(`INSERT INTO idempotency_keys AS k (account_key, key, event_id, deliveries, created_at) VALUES (@account, @key, @event, @deliveries, @now)
    ON CONFLICT (account_key, key) DO UPDATE SET event_id = excluded.event_id, deliveries = excluded.deliveries, created_at = excluded.created_at
    WHERE k.created_at < @expiredBefore RETURNING 1`).get({ ...key, event: eventId, deliveries, now, expiredBefore: claim.expiredBefore })
  if (taken) return null
  const first = sql('SELECT event_id, deliveries FROM idempotency_keys WHERE account_key = @account AND key = @key').get(key) as { event_id: string; deliveries: number }
  return { replayOf: { eventId: first.event_id, deliveries: first.deliveries } }
}
