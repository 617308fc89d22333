/**
 * Claim statements. A delivery with an ordering key waits while an earlier one (by created_at,
 * then id) with the same key to the same endpoint is pending: only the head of each key is taken.
 */
const HEAD_OF_KEY = `(c.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.endpoint_id = c.endpoint_id
  AND p.ordering_key = c.ordering_key AND p.status = 'pending' AND (p.created_at, p.id) < (c.created_at, c.id)))`

/**
 * Leases up to @limit due, unleased head-of-key deliveries, earliest due first. A delivery whose
 * predecessor in its key finished after it fell due records that it waited (held_behind).
 */
export const CLAIM_SQL = `UPDATE deliveries SET lease_until = @leaseUntil,
  held_behind = coalesce(held_behind, (SELECT prev.id FROM (SELECT p.id, p.updated_at FROM deliveries p WHERE p.endpoint_id = deliveries.endpoint_id
    AND p.ordering_key = deliveries.ordering_key AND (p.created_at, p.id) < (deliveries.created_at, deliveries.id)
    ORDER BY p.created_at DESC, p.id DESC LIMIT 1) prev WHERE prev.updated_at > deliveries.next_attempt_at))
  WHERE id IN (
    SELECT c.id FROM deliveries c WHERE c.status = 'pending' AND c.next_attempt_at <= @now AND (c.lease_until IS NULL OR c.lease_until <= @now)
    AND c.endpoint_id NOT IN (SELECT value FROM json_each(@excluded)) AND ${HEAD_OF_KEY} ORDER BY c.next_attempt_at, c.id LIMIT @limit)
  RETURNING *`

/** The earliest due time of an unleased delivery that is not waiting behind its key. */
export const NEXT_DUE_SQL = `SELECT c.next_attempt_at AS at FROM deliveries c WHERE c.status = 'pending' AND c.next_attempt_at IS NOT NULL
  AND c.lease_until IS NULL AND ${HEAD_OF_KEY} ORDER BY c.next_attempt_at LIMIT 1`
