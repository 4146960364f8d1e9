-- Signed webhook calls already received: a workflow's webhook that checks an HMAC signature keeps
-- each accepted signature for the time its timestamp is valid (5 minutes either way), so the same
-- signed call sent again — a replay — is refused instead of running the workflow twice. Rows older
-- than the window are deleted by the next signed call to the same workspace.
CREATE TABLE webhook_signatures (
  tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  signature    bytea       NOT NULL,
  workflow_id  uuid        NOT NULL,
  received_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, signature)
);
CREATE INDEX webhook_signatures_tenant_received_idx ON webhook_signatures (tenant_id, received_at);
ALTER TABLE webhook_signatures ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_signatures FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_signatures USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, DELETE ON webhook_signatures TO switchboard_app;
