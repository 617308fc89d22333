-- callhook schema, version 1. ":schema" is replaced by the quoted schema name.
CREATE TABLE :schema.endpoints (
  id text PRIMARY KEY,
  account_id text,
  enabled boolean NOT NULL,
  events text[] NOT NULL,
  record json NOT NULL
);
CREATE INDEX endpoints_account ON :schema.endpoints (account_id, id);
CREATE INDEX endpoints_events ON :schema.endpoints USING gin (events);

CREATE TABLE :schema.events (
  id text PRIMARY KEY,
  type text NOT NULL,
  "timestamp" timestamptz NOT NULL,
  account_id text,
  data json NOT NULL
);
CREATE INDEX events_timestamp ON :schema.events ("timestamp");

CREATE TABLE :schema.deliveries (
  id text PRIMARY KEY,
  event_id text NOT NULL REFERENCES :schema.events (id) ON DELETE CASCADE,
  event_type text NOT NULL,
  endpoint_id text NOT NULL REFERENCES :schema.endpoints (id) ON DELETE CASCADE,
  account_id text,
  status text NOT NULL,
  attempts integer NOT NULL,
  retries_used integer NOT NULL,
  next_attempt_at timestamptz,
  next_trigger text NOT NULL,
  lease_until timestamptz,
  last_status_code integer,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX deliveries_due ON :schema.deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_endpoint ON :schema.deliveries (endpoint_id, id);
CREATE INDEX deliveries_event ON :schema.deliveries (event_id);

CREATE TABLE :schema.attempts (
  id text PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES :schema.deliveries (id) ON DELETE CASCADE,
  endpoint_id text NOT NULL,
  event_id text NOT NULL,
  number integer NOT NULL,
  trigger text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  request json NOT NULL,
  response json,
  error text,
  success boolean NOT NULL
);
CREATE INDEX attempts_delivery ON :schema.attempts (delivery_id, number);
CREATE INDEX attempts_endpoint ON :schema.attempts (endpoint_id, id);
CREATE INDEX attempts_started ON :schema.attempts (started_at);
