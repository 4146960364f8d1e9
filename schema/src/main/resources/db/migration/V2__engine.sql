-- The engine's durable state: the execution cursor, leases for crash take-over, waits, and the
-- record of side effects already performed.

-- The secret part of a workflow's webhook address (a capability URL, shown to its owners).
ALTER TABLE workflows
  ADD COLUMN webhook_secret text NOT NULL DEFAULT encode(sha256(gen_random_uuid()::text::bytea), 'hex');

ALTER TABLE executions
  ADD COLUMN state        jsonb,
  ADD COLUMN output       jsonb,
  ADD COLUMN row_version  bigint      NOT NULL DEFAULT 0,
  ADD COLUMN lease_owner  text,
  ADD COLUMN lease_until  timestamptz,
  ADD COLUMN trigger_node text;

-- Executions whose runner may have died, found by the take-over sweep.
CREATE INDEX executions_tenant_lease_idx ON executions (tenant_id, lease_until) WHERE status = 'running';

ALTER TABLE execution_steps
  ADD COLUMN node_name        text    NOT NULL DEFAULT '',
  ADD COLUMN idempotency_key  text,
  ADD COLUMN truncated        boolean NOT NULL DEFAULT false;

-- Waits: one row per parked token. A due time (timer, retry, event timeout) and/or an event key.
DROP TABLE wakeups;
CREATE TABLE wakeups (
  tenant_id      uuid        NOT NULL,
  execution_id   uuid        NOT NULL,
  token_id       text        NOT NULL,
  due_at         timestamptz,
  event_key      text,
  -- An event that arrived while its execution was busy elsewhere: kept here and delivered by the
  -- sweeper (the row is then due at once), so nothing received is lost.
  event_payload  jsonb,
  reason         text        NOT NULL DEFAULT 'wait',
  claimed_by     text,
  claimed_until  timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, execution_id, token_id),
  FOREIGN KEY (tenant_id, execution_id) REFERENCES executions (tenant_id, id) ON DELETE CASCADE,
  CHECK (due_at IS NOT NULL OR event_key IS NOT NULL)
);
-- The one index that does not lead with tenant_id: the sweeper claims due wakeups of all tenants
-- in due order (through claim_due_wakeups, never by the application role directly).
CREATE INDEX wakeups_due_idx ON wakeups (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX wakeups_tenant_event_idx ON wakeups (tenant_id, event_key) WHERE event_key IS NOT NULL;

ALTER TABLE wakeups ENABLE ROW LEVEL SECURITY;
ALTER TABLE wakeups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON wakeups
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON wakeups TO switchboard_app;

-- Side effects already performed, by idempotency key, so a resumed step does not repeat them.
CREATE TABLE step_effects (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  idempotency_key  text        NOT NULL,
  execution_id     uuid        NOT NULL,
  result           jsonb       NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, idempotency_key)
);
ALTER TABLE step_effects ENABLE ROW LEVEL SECURITY;
ALTER TABLE step_effects FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON step_effects
  USING (tenant_id = current_tenant_id()) WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON step_effects TO switchboard_app;

-- Claim due wakeups of all tenants for one sweeper: leased, not deleted, so a sweeper that dies
-- loses nothing (the lease runs out and another claims them). Resuming deletes the row in the
-- same transaction as the execution's new state, which is what makes a resume happen once.
CREATE FUNCTION claim_due_wakeups(p_now timestamptz, p_limit integer, p_owner text, p_lease_until timestamptz)
  RETURNS TABLE (tenant_id uuid, execution_id uuid, token_id text, due_at timestamptz, event_key text,
                 event_payload jsonb)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE wakeups w
       SET claimed_by = p_owner, claimed_until = p_lease_until
      FROM (SELECT x.tenant_id, x.execution_id, x.token_id
              FROM wakeups x
             WHERE x.due_at <= p_now AND (x.claimed_until IS NULL OR x.claimed_until < p_now)
             ORDER BY x.due_at
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED) due
     WHERE w.tenant_id = due.tenant_id AND w.execution_id = due.execution_id AND w.token_id = due.token_id
    RETURNING w.tenant_id, w.execution_id, w.token_id, w.due_at, w.event_key, w.event_payload
  $$;

-- Executions marked running whose lease ran out: their runner died. Claimed for take-over.
CREATE FUNCTION claim_stale_executions(p_now timestamptz, p_limit integer, p_owner text, p_lease_until timestamptz)
  RETURNS TABLE (tenant_id uuid, execution_id uuid)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    UPDATE executions e
       SET lease_owner = p_owner, lease_until = p_lease_until, row_version = e.row_version + 1
      FROM (SELECT x.tenant_id, x.id
              FROM executions x
             WHERE x.status IN ('running', 'queued') AND x.lease_until < p_now
             LIMIT p_limit
             FOR UPDATE SKIP LOCKED) stale
     WHERE e.tenant_id = stale.tenant_id AND e.id = stale.id
    RETURNING e.tenant_id, e.id
  $$;

-- Retention: delete one tenant's finished executions older than its limit, a batch at a time.
CREATE FUNCTION prune_finished_executions(p_before_default timestamptz, p_now timestamptz, p_batch integer)
  RETURNS integer
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  DECLARE
    deleted integer;
  BEGIN
    WITH doomed AS (
      SELECT e.tenant_id, e.id
        FROM executions e JOIN tenants t ON t.id = e.tenant_id
       WHERE e.status IN ('succeeded', 'failed', 'cancelled')
         AND e.finished_at < COALESCE(p_now - make_interval(days => (t.settings ->> 'retentionDays')::int), p_before_default)
       LIMIT p_batch)
    DELETE FROM executions e USING doomed d WHERE e.tenant_id = d.tenant_id AND e.id = d.id;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    RETURN deleted;
  END
  $$;

REVOKE ALL ON FUNCTION claim_due_wakeups(timestamptz, integer, text, timestamptz),
  claim_stale_executions(timestamptz, integer, text, timestamptz),
  prune_finished_executions(timestamptz, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_wakeups(timestamptz, integer, text, timestamptz),
  claim_stale_executions(timestamptz, integer, text, timestamptz),
  prune_finished_executions(timestamptz, timestamptz, integer) TO switchboard_app;
