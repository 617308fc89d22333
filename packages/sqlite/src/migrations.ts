/** Schema versions, applied in order inside one transaction each; `PRAGMA user_version` records the last. */
export const migrations: readonly string[] = [
  `
  CREATE TABLE endpoints (
    id TEXT PRIMARY KEY,
    account_id TEXT,
    enabled INTEGER NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX endpoints_account ON endpoints (account_id, id);
  CREATE TABLE endpoint_event_types (
    event_type TEXT NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
    PRIMARY KEY (event_type, endpoint_id)
  );
  CREATE TABLE events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    timestamp TEXT NOT NULL,
    account_id TEXT,
    data TEXT NOT NULL
  );
  CREATE INDEX events_timestamp ON events (timestamp);
  CREATE TABLE deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    event_type TEXT NOT NULL,
    endpoint_id TEXT NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
    account_id TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    retries_used INTEGER NOT NULL,
    next_attempt_at TEXT,
    next_trigger TEXT NOT NULL,
    lease_until TEXT,
    last_status_code INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX deliveries_endpoint ON deliveries (endpoint_id, id);
  CREATE INDEX deliveries_event ON deliveries (event_id);
  CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
    endpoint_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    trigger TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    request TEXT NOT NULL,
    response TEXT,
    error TEXT,
    success INTEGER NOT NULL
  );
  CREATE INDEX attempts_delivery ON attempts (delivery_id, id);
  CREATE INDEX attempts_endpoint ON attempts (endpoint_id, id);
  CREATE INDEX attempts_started ON attempts (started_at);
  `,  `
  DROP INDEX deliveries_due;
  CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
  CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'pending' AND lease_until IS NOT NULL;
  `,  `
  CREATE INDEX attempts_endpoint_started ON attempts (endpoint_id, started_at, success, duration_ms);
  `,  `
  -- Idempotent emits: the primary key lets one emit per (tenant, key) store its event.
  -- account_key: the event's account id, or '' for none. No foreign key: the answer outlives retention.
  CREATE TABLE idempotency_keys (
    account_key TEXT NOT NULL,
    key TEXT NOT NULL,
    event_id TEXT NOT NULL,
    deliveries INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (account_key, key)
  );
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
  -- Endpoint time zones: endpoints created before this version read their dates in UTC.
  UPDATE endpoints SET record = json_set(record, '$.timezone', 'UTC') WHERE json_extract(record, '$.timezone') IS NULL;
  `,
  // Version 5: the W3C trace context of the emit, so delivery spans link to it.
  `
  ALTER TABLE events ADD COLUMN traceparent TEXT;
  `,
  // Version 6: per-key ordering: a delivery to an ordered endpoint carries its key.
  `
  ALTER TABLE deliveries ADD COLUMN ordering_key TEXT;
  ALTER TABLE deliveries ADD COLUMN held_behind TEXT;
  CREATE INDEX deliveries_key ON deliveries (endpoint_id, ordering_key, created_at, id) WHERE ordering_key IS NOT NULL;
  UPDATE endpoints SET record = json_set(record, '$.ordered', json('false')) WHERE json_extract(record, '$.ordered') IS NULL;
  `,
  // Version 7: the account-wide switch. No row: webhooks on. account_key: the account id, or '' for none.
  `
  CREATE TABLE accounts (
    account_key TEXT PRIMARY KEY,
    webhooks_enabled INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
]
