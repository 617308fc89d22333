-- The account-wide switch (issue 12). No row: webhooks on.
-- account_key: the account id, or '' for none (an instance without tenancy).
CREATE TABLE :schema.accounts (
  account_key text PRIMARY KEY,
  webhooks_enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL
);
