-- Templates: the platform-wide catalog the superadmin publishes (versioned: draft → published →
-- deprecated), workspaces' private templates, and where each workflow made from a template came from.

-- Shared catalog: platform-authored, read by every workspace, written only by superadmins (checked
-- by the application and audited). It holds no tenant data: a workflow published as a template is
-- stripped of credentials, numbers and knowledge bases first.
CREATE TABLE templates (
  id           uuid        PRIMARY KEY,
  slug         text        NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  title        text        NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description  text        NOT NULL DEFAULT '',
  category     text        NOT NULL DEFAULT 'general',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX templates_slug_key ON templates (slug);

CREATE TABLE template_versions (
  template_id   uuid        NOT NULL REFERENCES templates (id) ON DELETE CASCADE,
  version       integer     NOT NULL CHECK (version > 0),
  status        text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'deprecated')),
  graph         jsonb       NOT NULL,
  manifest      jsonb       NOT NULL,
  notes         text        NOT NULL DEFAULT '',
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz,
  PRIMARY KEY (template_id, version)
);
GRANT SELECT, INSERT, UPDATE ON templates, template_versions TO switchboard_app;

-- A workspace's own templates, private to it.
CREATE TABLE tenant_templates (
  tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid        NOT NULL,
  title        text        NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
  description  text        NOT NULL DEFAULT '',
  category     text        NOT NULL DEFAULT 'general',
  graph        jsonb       NOT NULL,
  manifest     jsonb       NOT NULL,
  created_by   uuid,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
ALTER TABLE tenant_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_templates
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_templates TO switchboard_app;

-- Where a workflow came from, and the answers given when it was made (re-applied on an upgrade).
ALTER TABLE workflows
  ADD COLUMN template_id       uuid,
  ADD COLUMN template_version  integer,
  ADD COLUMN template_inputs   jsonb;
