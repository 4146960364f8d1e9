-- Feature flags: the platform's definitions (a shared catalog the superadmin edits) and each
-- workspace's own choices for the flags it may set. Sandbox Twilio numbers bought through the API.

-- Shared catalog (no workspace data; the allow and deny lists name workspaces by id only).
CREATE TABLE feature_flags (
  key              text        PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{1,40}$'),
  description      text        NOT NULL DEFAULT '',
  enabled          boolean     NOT NULL DEFAULT true,
  rollout_percent  integer     NOT NULL DEFAULT 100 CHECK (rollout_percent BETWEEN 0 AND 100),
  plans            text[]      NOT NULL DEFAULT '{}',
  allow_tenants    uuid[]      NOT NULL DEFAULT '{}',
  deny_tenants     uuid[]      NOT NULL DEFAULT '{}',
  tenant_settable  boolean     NOT NULL DEFAULT false,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON feature_flags TO switchboard_app;

INSERT INTO feature_flags (key, description, tenant_settable) VALUES
  ('ai_nodes',              'AI steps: LLM, agent, knowledge-base answers and memory', false),
  ('outbound_calls',        'Steps that place phone calls', false),
  ('email_outreach',        'Steps that send e-mail', false),
  ('sms_followup',          'SMS follow-ups sent by workflows', true),
  ('appointment_reminders', 'Appointment reminder messages', true);

-- A workspace's own setting of a flag the platform lets it set.
CREATE TABLE tenant_feature_flags (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  flag_key    text        NOT NULL REFERENCES feature_flags (key) ON DELETE CASCADE,
  enabled     boolean     NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid,
  PRIMARY KEY (tenant_id, flag_key)
);
ALTER TABLE tenant_feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_feature_flags FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_feature_flags USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_feature_flags TO switchboard_app;

-- The built-in sandbox Twilio's incoming phone numbers (what Twilio would hold for its accounts),
-- keyed by Twilio-style sid; a number is held by one sandbox account at a time.
CREATE TABLE sandbox_twilio_numbers (
  sid           text        PRIMARY KEY,
  account_sid   text        NOT NULL,
  phone_number  text        NOT NULL UNIQUE,
  resource      jsonb       NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_twilio_numbers_account_idx ON sandbox_twilio_numbers (account_sid);
GRANT SELECT, INSERT, UPDATE, DELETE ON sandbox_twilio_numbers TO switchboard_app;
