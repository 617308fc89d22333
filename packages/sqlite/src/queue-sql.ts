/**
 * The backlog at ? (ISO): pending deliveries due, and the earliest due time. Both are read from
 * the partial index deliveries_due (next_attempt_at, id) WHERE status = 'pending'.
 */
export const QUEUE_STATS_SQL = `SELECT count(*) AS depth, min(next_attempt_at) AS oldest FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?`
