-- E-mail: opens, clicks and unsubscribes reported by the tracking links in sent e-mails, and an
-- index for counting what a sending account sent today (its daily limit).

CREATE TABLE email_tracking_events (
  tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid        NOT NULL,
  message_id   uuid        NOT NULL,
  kind         text        NOT NULL CHECK (kind IN ('open', 'click', 'unsubscribe')),
  url          text,
  user_agent   text        NOT NULL DEFAULT '',
  at           timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES messages (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX email_tracking_events_tenant_message_idx ON email_tracking_events (tenant_id, message_id, at);

ALTER TABLE email_tracking_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_tracking_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON email_tracking_events USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON email_tracking_events TO switchboard_app;

-- "How many e-mails did this account send since midnight UTC": the account is the credential id
-- (or 'sandbox') the e-mail node writes into details.
CREATE INDEX messages_tenant_email_account_idx ON messages (tenant_id, (details ->> 'account'), created_at)
  WHERE channel = 'email' AND direction = 'outbound';
