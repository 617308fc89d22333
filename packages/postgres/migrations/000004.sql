-- Idempotent emits: one row per (tenant, key); the primary key makes two concurrent emits with
-- the same key store one event (the second waits for the first to commit, then reads its answer).
-- account_key is the event's account id, or '' for events without one (ids are never empty).
-- event_id has no foreign key: a key answers with its first event even after retention removed it.
CREATE TABLE :schema.idempotency_keys (
  account_key text NOT NULL,
  key text NOT NULL,
  event_id text NOT NULL,
  deliveries integer NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (account_key, key)
);
CREATE INDEX idempotency_keys_created ON :schema.idempotency_keys (created_at);

-- Endpoint time zones: endpoints created before this version read their dates in UTC.
UPDATE :schema.endpoints SET record = (record::jsonb || '{"timezone": "UTC"}')::json WHERE record->>'timezone' IS NULL;
