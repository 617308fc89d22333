-- Endpoint stats read an endpoint's attempts by start time, counting successes and ranking
-- durations: this index answers them without touching the table (an index-only scan).
CREATE INDEX attempts_endpoint_started ON :schema.attempts (endpoint_id, started_at) INCLUDE (success, duration_ms);
