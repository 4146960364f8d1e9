-- Claim due wakeups for a sweeper and, in the same statement, take for its runner the lease of
-- each one's execution when no runner holds it (none, or its lease ran out): the resume that follows is then a single write. An
-- execution leased by anyone (this runner included: one of its threads may be driving it) is left
-- alone and returned without its row, and the caller takes the lease itself as before. Rows locked by
-- another transaction are skipped, never waited for, so two sweepers cannot deadlock here.
CREATE FUNCTION claim_due_leased(p_now timestamptz, p_limit integer, p_claimer text, p_claim_until timestamptz,
                                 p_lease_owner text, p_lease_until timestamptz)
  RETURNS TABLE (tenant_id uuid, execution_id uuid, token_id text, due_at timestamptz, event_key text,
                 event_payload jsonb, leased boolean, workflow_id uuid, workflow_version integer, status text,
                 trigger_kind text, trigger_node text, trigger_payload jsonb, state jsonb, parent_execution_id uuid,
                 replay_of uuid, error jsonb, output jsonb, created_at timestamptz, started_at timestamptz,
                 finished_at timestamptz, row_version bigint)
  LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    WITH due AS (
      UPDATE wakeups w
         SET claimed_by = p_claimer, claimed_until = p_claim_until
        FROM (SELECT x.tenant_id, x.execution_id, x.token_id
                FROM wakeups x
               WHERE x.due_at <= p_now AND (x.claimed_until IS NULL OR x.claimed_until < p_now)
               ORDER BY x.due_at
               LIMIT p_limit
               FOR UPDATE SKIP LOCKED) d
       WHERE w.tenant_id = d.tenant_id AND w.execution_id = d.execution_id AND w.token_id = d.token_id
      RETURNING w.tenant_id, w.execution_id, w.token_id, w.due_at, w.event_key, w.event_payload
    ), free AS (
      SELECT x.tenant_id, x.id
        FROM executions x
       WHERE (x.tenant_id, x.id) IN (SELECT due.tenant_id, due.execution_id FROM due)
         AND (x.lease_owner IS NULL OR x.lease_until < p_now)
         FOR UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE executions e
         SET lease_owner = p_lease_owner, lease_until = p_lease_until, row_version = e.row_version + 1
        FROM free
       WHERE e.tenant_id = free.tenant_id AND e.id = free.id
      RETURNING e.*
    )
    SELECT due.tenant_id, due.execution_id, due.token_id, due.due_at, due.event_key, due.event_payload,
           l.id IS NOT NULL, l.workflow_id, l.workflow_version, l.status, l.trigger_kind, l.trigger_node,
           l.trigger_payload, l.state, l.parent_execution_id, l.replay_of, l.error, l.output, l.created_at,
           l.started_at, l.finished_at, l.row_version
      FROM due LEFT JOIN leased l ON l.tenant_id = due.tenant_id AND l.id = due.execution_id
     ORDER BY due.due_at
  $$;

REVOKE ALL ON FUNCTION claim_due_leased(timestamptz, integer, text, timestamptz, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_leased(timestamptz, integer, text, timestamptz, text, timestamptz) TO switchboard_app;
