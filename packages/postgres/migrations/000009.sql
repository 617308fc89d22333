-- A claim reads each endpoint's due deliveries in order, a few at a time (claim-sql.ts): through
-- this index it reads only the rows it takes (and those in flight ahead of them), however long
-- the backlog. Without it, PostgreSQL combined deliveries_due with deliveries_endpoint and read
-- every pending delivery of the endpoint on every claim.
CREATE INDEX deliveries_endpoint_due ON :schema.deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
