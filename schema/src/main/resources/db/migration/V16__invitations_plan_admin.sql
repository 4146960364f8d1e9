-- Invitations: a superadmin adding a workspace with its owner's e-mail, or a workspace admin adding
-- a team member, makes the user 'invited' (no password) and a one-time link; only the SHA-256 of
-- the link's secret is kept. The person sets their password through the link.
CREATE TABLE invitations (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  user_id       uuid        NOT NULL,
  token_hash    text        NOT NULL,
  invited_by    uuid,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  accepted_at   timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX invitations_tenant_user_idx ON invitations (tenant_id, user_id);
-- the link names no workspace: the secret's hash finds it (one platform-wide unique index, reached
-- only by the definer function below)
CREATE UNIQUE INDEX invitations_token_hash_key ON invitations (token_hash);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invitations USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON invitations TO switchboard_app;

-- Which workspace and user an invitation link is for (the caller then works inside that workspace).
CREATE FUNCTION invitation_by_token(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, invitation_id uuid, user_id uuid, expires_at timestamptz, accepted_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT i.tenant_id, i.id, i.user_id, i.expires_at, i.accepted_at FROM invitations i WHERE i.token_hash = p_token_hash
  $$;
REVOKE ALL ON FUNCTION invitation_by_token(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invitation_by_token(text) TO switchboard_app;

-- The superadmin edits plans (a shared catalog: no workspace data) from the console and the API.
GRANT INSERT, UPDATE ON plans TO switchboard_app;
