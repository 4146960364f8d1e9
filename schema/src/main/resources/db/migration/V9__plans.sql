-- Plans and what each allows; usage counted per workspace and period; executions refused at the
-- trigger, with the reason, when a workspace is over its plan.

-- Shared catalog (no workspace data): the plans on offer.
CREATE TABLE plans (
  id                   text    PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{1,30}$'),
  name                 text    NOT NULL,
  monthly_price_cents  integer NOT NULL DEFAULT 0,
  limits               jsonb   NOT NULL,
  position             integer NOT NULL DEFAULT 0
);
GRANT SELECT ON plans TO switchboard_app;

INSERT INTO plans (id, name, monthly_price_cents, position, limits) VALUES
  ('trial',   'Trial',   0,     0, '{"executions_per_month": 1000,    "messages_per_day": 200,    "llm_tokens_per_day": 50000,    "contacts": 500,    "seats": 2,  "active_workflows": 3,   "kb_mb": 10}'),
  ('starter', 'Starter', 4900,  1, '{"executions_per_month": 10000,   "messages_per_day": 1000,   "llm_tokens_per_day": 500000,   "contacts": 5000,   "seats": 3,  "active_workflows": 10,  "kb_mb": 100}'),
  ('growth',  'Growth',  14900, 2, '{"executions_per_month": 100000,  "messages_per_day": 10000,  "llm_tokens_per_day": 5000000,  "contacts": 50000,  "seats": 10, "active_workflows": 50,  "kb_mb": 1000}'),
  ('scale',   'Scale',   49900, 3, '{"executions_per_month": 1000000, "messages_per_day": 100000, "llm_tokens_per_day": 50000000, "contacts": 500000, "seats": 50, "active_workflows": 500, "kb_mb": 10000}');

-- Usage per workspace, metric and period (a month or a day, by its first day). Counted up only
-- while below the limit, in one statement, so concurrent requests never exceed it.
CREATE TABLE usage_counters (
  tenant_id     uuid    NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  metric        text    NOT NULL,
  period_start  date    NOT NULL,
  value         bigint  NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, metric, period_start)
);

-- Executions that were not started, and why (over quota, account suspended).
CREATE TABLE admission_refusals (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  at            timestamptz NOT NULL DEFAULT now(),
  workflow_id   uuid,
  trigger_kind  text        NOT NULL,
  code          text        NOT NULL,
  reason        text        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX admission_refusals_tenant_at_idx ON admission_refusals (tenant_id, at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['usage_counters', 'admission_refusals'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;
