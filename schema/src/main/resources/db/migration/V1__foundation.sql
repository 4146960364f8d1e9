-- Switchboard foundation schema.
--
-- Tenancy rules (checked by TenantIsolationIT against the catalog):
--  * every table the application role may touch carries tenant_id (tenants: id) first in its
--    primary key and indexes, has row-level security ENABLED and FORCED, and a policy on
--    current_tenant_id();
--  * platform tables (directories used to find a tenant before one is known) grant nothing to
--    the application role; only SECURITY DEFINER functions below read or write them.

-- The tenant of the current transaction, set by the application with
-- set_config('app.tenant_id', ..., true). Unset or empty means "no tenant": policies match nothing.
CREATE FUNCTION current_tenant_id() RETURNS uuid
  LANGUAGE sql STABLE PARALLEL SAFE
  AS $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$;

-- ---------------------------------------------------------------------------------------------
-- Tenants and accounts
-- ---------------------------------------------------------------------------------------------
CREATE TABLE tenants (
  id             uuid        PRIMARY KEY,
  name           text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  slug           text        NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  plan           text        NOT NULL DEFAULT 'trial',
  status         text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'locked')),
  timezone       text        NOT NULL DEFAULT 'UTC',
  feature_flags  jsonb       NOT NULL DEFAULT '{}'::jsonb,
  settings       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  is_platform    boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
-- A slug names one tenant platform-wide (it appears in URLs); the tenants table is the one
-- place where a global key is the point.
CREATE UNIQUE INDEX tenants_slug_key ON tenants (slug);

CREATE TABLE users (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid        NOT NULL,
  email            text        NOT NULL CHECK (email = lower(email) AND position('@' IN email) > 1),
  password_hash    text,
  display_name     text        NOT NULL DEFAULT '',
  role             text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
  superadmin       boolean     NOT NULL DEFAULT false,
  status           text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'invited', 'disabled')),
  failed_logins    integer     NOT NULL DEFAULT 0,
  locked_until     timestamptz,
  last_login_at    timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, email);

-- Platform directory: which tenant a login e-mail belongs to. E-mails are unique platform-wide.
CREATE TABLE login_emails (
  email      text PRIMARY KEY,
  tenant_id  uuid NOT NULL,
  user_id    uuid NOT NULL
);

-- Session tokens (short-lived, for the REST API) and API keys (long-lived, created by owners).
-- The token handed out embeds the tenant id, so it is resolved without a cross-tenant lookup;
-- only a SHA-256 hash of its secret part is stored.
CREATE TABLE api_tokens (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  user_id       uuid        NOT NULL,
  kind          text        NOT NULL CHECK (kind IN ('session', 'api_key')),
  name          text        NOT NULL DEFAULT '',
  secret_hash   bytea       NOT NULL,
  display_hint  text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX api_tokens_tenant_user_idx ON api_tokens (tenant_id, user_id, kind);

-- ---------------------------------------------------------------------------------------------
-- Workflows and executions (the engine extends these)
-- ---------------------------------------------------------------------------------------------
CREATE TABLE workflows (
  tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid        NOT NULL,
  name            text        NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  description     text        NOT NULL DEFAULT '',
  latest_version  integer     NOT NULL DEFAULT 0,
  active_version  integer,
  created_by      uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX workflows_tenant_name_idx ON workflows (tenant_id, name);

CREATE TABLE workflow_versions (
  tenant_id    uuid        NOT NULL,
  workflow_id  uuid        NOT NULL,
  version      integer     NOT NULL CHECK (version > 0),
  graph        jsonb       NOT NULL,
  note         text        NOT NULL DEFAULT '',
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, workflow_id, version),
  FOREIGN KEY (tenant_id, workflow_id) REFERENCES workflows (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE executions (
  tenant_id            uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                   uuid        NOT NULL,
  workflow_id          uuid        NOT NULL,
  workflow_version     integer     NOT NULL,
  status               text        NOT NULL CHECK (status IN ('queued', 'running', 'waiting', 'succeeded', 'failed', 'cancelled')),
  trigger_kind         text        NOT NULL,
  trigger_payload      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  parent_execution_id  uuid,
  replay_of            uuid,
  error                jsonb,
  created_at           timestamptz NOT NULL DEFAULT now(),
  started_at           timestamptz,
  finished_at          timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, workflow_id, workflow_version) REFERENCES workflow_versions (tenant_id, workflow_id, version)
);
CREATE INDEX executions_tenant_workflow_idx ON executions (tenant_id, workflow_id, created_at DESC);
CREATE INDEX executions_tenant_status_idx ON executions (tenant_id, status, created_at DESC);

CREATE TABLE execution_steps (
  tenant_id      uuid        NOT NULL,
  execution_id   uuid        NOT NULL,
  seq            integer     NOT NULL,
  node_id        text        NOT NULL,
  attempt        integer     NOT NULL DEFAULT 1,
  status         text        NOT NULL,
  input          jsonb,
  config         jsonb,
  output         jsonb,
  port           text,
  error          jsonb,
  started_at     timestamptz NOT NULL,
  finished_at    timestamptz,
  PRIMARY KEY (tenant_id, execution_id, seq),
  FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE wakeups (
  tenant_id     uuid        NOT NULL,
  execution_id  uuid        NOT NULL,
  node_id       text        NOT NULL,
  due_at        timestamptz NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, execution_id, node_id),
  FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX wakeups_tenant_due_idx ON wakeups (tenant_id, due_at);

-- ---------------------------------------------------------------------------------------------
-- Credentials, numbers, contacts, messages, audit
-- ---------------------------------------------------------------------------------------------
CREATE TABLE credentials (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid        NOT NULL,
  name             text        NOT NULL,
  type             text        NOT NULL,
  key_id           text        NOT NULL,
  nonce            bytea       NOT NULL,
  ciphertext       bytea       NOT NULL,
  created_by       uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_tested_at   timestamptz,
  last_test_ok     boolean,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX credentials_tenant_name_key ON credentials (tenant_id, name);

CREATE TABLE phone_numbers (
  tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid        NOT NULL,
  e164           text        NOT NULL CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  friendly_name  text        NOT NULL DEFAULT '',
  provider       text        NOT NULL DEFAULT 'sandbox',
  provider_sid   text,
  capabilities   jsonb       NOT NULL DEFAULT '{"sms": true, "voice": true}'::jsonb,
  workflow_id    uuid,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX phone_numbers_tenant_e164_key ON phone_numbers (tenant_id, e164);

-- Platform directory: which tenant an inbound number belongs to. A number has one tenant.
CREATE TABLE number_directory (
  e164       text PRIMARY KEY,
  tenant_id  uuid NOT NULL
);

CREATE TABLE contacts (
  tenant_id       uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id              uuid        NOT NULL,
  first_name      text        NOT NULL DEFAULT '',
  last_name       text        NOT NULL DEFAULT '',
  phone           text        CHECK (phone IS NULL OR phone ~ '^\+[1-9][0-9]{6,14}$'),
  email           text,
  company         text        NOT NULL DEFAULT '',
  tags            text[]      NOT NULL DEFAULT '{}',
  custom_fields   jsonb       NOT NULL DEFAULT '{}'::jsonb,
  stage           text        NOT NULL DEFAULT 'new',
  lead_score      integer,
  sms_opted_out   boolean     NOT NULL DEFAULT false,
  email_opted_out boolean     NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX contacts_tenant_phone_key ON contacts (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX contacts_tenant_email_idx ON contacts (tenant_id, lower(email));

CREATE TABLE messages (
  tenant_id      uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id             uuid        NOT NULL,
  contact_id     uuid,
  execution_id   uuid,
  channel        text        NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'call')),
  direction      text        NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  from_address   text        NOT NULL,
  to_address     text        NOT NULL,
  subject        text,
  body           text        NOT NULL DEFAULT '',
  status         text        NOT NULL DEFAULT 'queued',
  provider_id    text,
  error          text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX messages_tenant_contact_idx ON messages (tenant_id, contact_id, created_at DESC);
CREATE INDEX messages_tenant_created_idx ON messages (tenant_id, created_at DESC);

CREATE TABLE audit_log (
  tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           bigint      GENERATED ALWAYS AS IDENTITY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     uuid,
  actor_email  text        NOT NULL DEFAULT '',
  action       text        NOT NULL,
  target_type  text        NOT NULL DEFAULT '',
  target_id    text        NOT NULL DEFAULT '',
  details      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  request_id   text,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_tenant_at_idx ON audit_log (tenant_id, at DESC);

-- ---------------------------------------------------------------------------------------------
-- Row-level security: enabled and forced on every tenant table, one policy each.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = current_tenant_id()) WITH CHECK (id = current_tenant_id());

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'api_tokens', 'workflows', 'workflow_versions', 'executions',
                           'execution_steps', 'wakeups', 'credentials', 'phone_numbers', 'contacts',
                           'messages', 'audit_log']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON tenants TO switchboard_app;
-- The audit log is append-only for the application.
REVOKE UPDATE, DELETE ON audit_log FROM switchboard_app;

-- ---------------------------------------------------------------------------------------------
-- The explicit cross-tenant paths. SECURITY DEFINER runs them as switchboard_owner (BYPASSRLS);
-- each does one narrow thing and returns only what its caller needs.
-- ---------------------------------------------------------------------------------------------

-- Login: find the account behind an e-mail. Returns nothing for an unknown e-mail.
CREATE FUNCTION auth_find_login(p_email text)
  RETURNS TABLE (tenant_id uuid, user_id uuid, password_hash text, user_status text, role text,
                 superadmin boolean, locked_until timestamptz, tenant_status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT u.tenant_id, u.id, u.password_hash, u.status, u.role, u.superadmin, u.locked_until, t.status
    FROM login_emails l
    JOIN users u ON u.tenant_id = l.tenant_id AND u.id = l.user_id
    JOIN tenants t ON t.id = u.tenant_id
    WHERE l.email = lower(btrim(p_email))
  $$;

-- Record a failed login; the p_max_failures-th in a row locks the account until p_lock_until.
-- The caller passes the time, so the application's clock is the only clock.
CREATE FUNCTION auth_record_failure(p_tenant uuid, p_user uuid, p_max_failures integer, p_lock_until timestamptz)
  RETURNS timestamptz
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE users
       SET failed_logins = CASE WHEN failed_logins + 1 >= p_max_failures THEN 0 ELSE failed_logins + 1 END,
           locked_until  = CASE WHEN failed_logins + 1 >= p_max_failures THEN p_lock_until ELSE locked_until END
     WHERE tenant_id = p_tenant AND id = p_user
    RETURNING locked_until
  $$;

-- Claim an e-mail for a user of the current tenant; raises unique_violation when taken.
CREATE FUNCTION auth_claim_email(p_email text, p_user uuid)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    IF current_tenant_id() IS NULL THEN
      RAISE EXCEPTION 'no tenant in scope' USING ERRCODE = '42501';
    END IF;
    INSERT INTO login_emails (email, tenant_id, user_id) VALUES (lower(btrim(p_email)), current_tenant_id(), p_user);
  END
  $$;

CREATE FUNCTION auth_release_email(p_email text)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM login_emails WHERE email = lower(btrim(p_email)) AND tenant_id = current_tenant_id() $$;

-- Does any superadmin exist yet (first-start set-up)?
CREATE FUNCTION platform_superadmin_exists()
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE superadmin) $$;

-- The superadmin's list of tenants. The caller checks the role and writes the audit entry.
CREATE FUNCTION platform_list_tenants()
  RETURNS TABLE (id uuid, name text, slug text, plan text, status text, timezone text,
                 created_at timestamptz, user_count bigint, workflow_count bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.name, t.slug, t.plan, t.status, t.timezone, t.created_at,
           (SELECT count(*) FROM users u WHERE u.tenant_id = t.id),
           (SELECT count(*) FROM workflows w WHERE w.tenant_id = t.id)
    FROM tenants t ORDER BY t.created_at
  $$;

-- Which tenant owns an inbound number (the number, not the request, names the tenant).
CREATE FUNCTION route_inbound_number(p_e164 text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM number_directory WHERE e164 = p_e164 $$;

-- Claim a number for the current tenant; raises unique_violation when another tenant holds it.
CREATE FUNCTION claim_phone_number(p_e164 text)
  RETURNS void
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    IF current_tenant_id() IS NULL THEN
      RAISE EXCEPTION 'no tenant in scope' USING ERRCODE = '42501';
    END IF;
    INSERT INTO number_directory (e164, tenant_id) VALUES (p_e164, current_tenant_id())
      ON CONFLICT (e164) DO UPDATE SET tenant_id = EXCLUDED.tenant_id
      WHERE number_directory.tenant_id = EXCLUDED.tenant_id;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'number % belongs to another tenant', p_e164 USING ERRCODE = '23505';
    END IF;
  END
  $$;

CREATE FUNCTION release_phone_number(p_e164 text)
  RETURNS void
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ DELETE FROM number_directory WHERE e164 = p_e164 AND tenant_id = current_tenant_id() $$;

REVOKE ALL ON FUNCTION auth_find_login(text), auth_record_failure(uuid, uuid, integer, timestamptz),
  auth_claim_email(text, uuid), auth_release_email(text), platform_superadmin_exists(),
  platform_list_tenants(), route_inbound_number(text), claim_phone_number(text),
  release_phone_number(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_find_login(text), auth_record_failure(uuid, uuid, integer, timestamptz),
  auth_claim_email(text, uuid), auth_release_email(text), platform_superadmin_exists(),
  platform_list_tenants(), route_inbound_number(text), claim_phone_number(text),
  release_phone_number(text) TO switchboard_app;
