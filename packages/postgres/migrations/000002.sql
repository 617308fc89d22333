-- Lets nextDueAt find the earliest lease end without scanning the pending deliveries.
CREATE INDEX deliveries_leased ON :schema.deliveries (lease_until) WHERE status = 'pending' AND lease_until IS NOT NULL;
