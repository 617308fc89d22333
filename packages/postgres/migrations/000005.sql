-- The W3C trace context of the emit (traceparent), so delivery spans in any process link to it.
ALTER TABLE :schema.events ADD COLUMN traceparent text;
