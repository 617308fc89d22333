-- Per-key ordering and limits shared by every process (issue 13, part B).
-- A delivery to an ordered endpoint carries its ordering key; it is claimed only while no earlier
-- delivery (by created_at, id) with the same key to the same endpoint is pending. held_behind
-- records the earlier delivery it waited for.
ALTER TABLE :schema.deliveries ADD COLUMN ordering_key text, ADD COLUMN held_behind text;
-- The claim's NOT EXISTS: is an earlier same-key delivery still pending? One index probe.
CREATE INDEX deliveries_key_pending ON :schema.deliveries (endpoint_id, ordering_key, created_at, id) WHERE status = 'pending' AND ordering_key IS NOT NULL;
-- held_behind: the delivery just before this one in its key, whatever its status.
CREATE INDEX deliveries_key ON :schema.deliveries (endpoint_id, ordering_key, created_at, id) WHERE ordering_key IS NOT NULL;
-- The concurrency cap counts an endpoint's live leases.
CREATE INDEX deliveries_endpoint_leased ON :schema.deliveries (endpoint_id, lease_until) WHERE status = 'pending' AND lease_until IS NOT NULL;
UPDATE :schema.endpoints SET record = jsonb_set(record::jsonb, '{ordered}', 'false')::json WHERE record->>'ordered' IS NULL;

-- One row per endpoint, locked by a claim while it takes that endpoint's deliveries: the next
-- rate-limit slot and the circuit breaker, shared by every process.
CREATE TABLE :schema.endpoint_gates (
  endpoint_id text PRIMARY KEY REFERENCES :schema.endpoints (id) ON DELETE CASCADE,
  next_slot_at timestamptz,
  failures integer NOT NULL DEFAULT 0,
  open_until timestamptz,
  cooldown_ms double precision,
  probe_until timestamptz
);
INSERT INTO :schema.endpoint_gates (endpoint_id) SELECT id FROM :schema.endpoints;
