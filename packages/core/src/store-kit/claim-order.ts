import type { DeliveryRecord } from '../model/index.js'

/**
 * The order claimed deliveries are handed out in: earliest due first, then by id. A claim's
 * `UPDATE … RETURNING` gives rows in no particular order; stores sort what they return with this.
 */
export function byClaimOrder(a: DeliveryRecord, b: DeliveryRecord): number {
  const at = a.nextAttemptAt ?? ''
  const bt = b.nextAttemptAt ?? ''
  if (at !== bt) return at < bt ? -1 : 1
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}
