-- The earliest lease end (nextDueAt) gets an index that a claim's count of one endpoint's live
-- leases cannot use. deliveries_leased held the same rows as deliveries_endpoint_leased, ordered
-- by lease_until alone, and once the tables were analyzed PostgreSQL counted an endpoint's leases
-- through it: every lease of every endpoint, filtered, for each endpoint a claim looked at. Its
-- replacement's condition (lease_until > 'epoch', true of every lease) is one the claim's count,
-- which compares (endpoint_id, lease_until) as a row, never implies. The new index is built
-- first: building it blocks writes to deliveries but not reads, and dropping the old one takes
-- its exclusive lock only for the moment before this migration commits.
CREATE INDEX deliveries_lease_ends ON :schema.deliveries (lease_until) WHERE status = 'pending' AND lease_until > 'epoch';
DROP INDEX IF EXISTS :schema.deliveries_leased;
