-- Messaging and the CRM: provider events kept raw before they are processed, the sandbox outbox,
-- the contact timeline, and what numbers and messages need to know about their provider.

-- Which credential sends from a number (empty: the sandbox channel); workflow_id answers its
-- messages, voice_workflow_id its ended calls.
ALTER TABLE phone_numbers
  ADD COLUMN credential_id uuid,
  ADD COLUMN voice_workflow_id uuid,
  ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();

ALTER TABLE messages
  ADD COLUMN provider   text  NOT NULL DEFAULT 'sandbox',
  ADD COLUMN details    jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX messages_tenant_provider_id_idx ON messages (tenant_id, provider_id) WHERE provider_id IS NOT NULL;

ALTER TABLE contacts
  ADD COLUMN opted_out_at  timestamptz,
  ADD COLUMN notes_count   integer NOT NULL DEFAULT 0;

-- Every webhook a provider sent us, stored as received (after its signature was checked and its
-- tenant found) and before anything is done with it: a crash while processing loses nothing, and
-- a provider's retry of the same event id is recognised and ignored.
CREATE TABLE provider_events (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  provider      text        NOT NULL,
  event_type    text        NOT NULL,
  event_id      text        NOT NULL,
  payload       jsonb       NOT NULL,
  status        text        NOT NULL DEFAULT 'received'
                            CHECK (status IN ('received', 'processed', 'failed', 'ignored')),
  outcome       text        NOT NULL DEFAULT '',
  attempts      integer     NOT NULL DEFAULT 0,
  received_at   timestamptz NOT NULL DEFAULT now(),
  processed_at  timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX provider_events_tenant_event_key ON provider_events (tenant_id, provider, event_id);
CREATE INDEX provider_events_tenant_pending_idx ON provider_events (tenant_id, received_at) WHERE status = 'received';

-- What the sandbox channel "sent": every SMS, WhatsApp message, call, email and payment of a
-- workspace without provider credentials (or in test mode), as the provider's API received it.
CREATE TABLE sandbox_outbox (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid        NOT NULL,
  channel       text        NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'call', 'email', 'payment')),
  from_address  text        NOT NULL DEFAULT '',
  to_address    text        NOT NULL DEFAULT '',
  subject       text,
  body          text        NOT NULL DEFAULT '',
  provider_id   text        NOT NULL,
  request       jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX sandbox_outbox_tenant_created_idx ON sandbox_outbox (tenant_id, created_at DESC);

-- A contact's timeline: every message, call, note, stage change and execution touching them.
CREATE TABLE contact_activities (
  tenant_id    uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid        NOT NULL,
  contact_id   uuid        NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  kind         text        NOT NULL CHECK (kind IN ('message', 'call', 'email', 'note', 'stage', 'tag',
                                                    'execution', 'opt_out', 'opt_in', 'booking', 'created')),
  summary      text        NOT NULL,
  ref_id       uuid,
  details      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_activities_tenant_contact_idx ON contact_activities (tenant_id, contact_id, at DESC);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['provider_events', 'sandbox_outbox', 'contact_activities'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;

-- Provider events left unprocessed by a crash, across tenants, for the sweeper that processes
-- them again (only their keys: reading them is done inside the tenant).
CREATE FUNCTION pending_provider_events(p_older_than timestamptz, p_limit integer)
  RETURNS TABLE (tenant_id uuid, id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT e.tenant_id, e.id FROM provider_events e
     WHERE e.status = 'received' AND e.received_at < p_older_than AND e.attempts < 5
     ORDER BY e.received_at LIMIT p_limit
  $$;
REVOKE ALL ON FUNCTION pending_provider_events(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pending_provider_events(timestamptz, integer) TO switchboard_app;
