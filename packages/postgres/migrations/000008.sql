-- A counter every change to endpoints moves on (one row; a statement-level trigger, so writes made
-- outside callhook count too). Processes cache which endpoints an event type goes to, and an emit
-- stores its event only if the counter still says what it said when that answer was read.
CREATE TABLE :schema.endpoint_version (version bigint NOT NULL);
INSERT INTO :schema.endpoint_version VALUES (0);
CREATE FUNCTION :schema.endpoints_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE :schema.endpoint_version SET version = version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER endpoints_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON :schema.endpoints
  FOR EACH STATEMENT EXECUTE FUNCTION :schema.endpoints_changed();
