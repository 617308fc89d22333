-- When the latest failure counted by an endpoint's shared circuit ended. Attempt logs are written
-- in groups, so a success can be written after failures that ended later than it did; it closes
-- the circuit only if it ended after the last counted failure.
ALTER TABLE :schema.endpoint_gates ADD COLUMN failed_at timestamptz;
