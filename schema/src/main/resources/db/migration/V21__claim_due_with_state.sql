-- Claim due wakeups for a sweeper and, in the same statement, read the state of each one's
-- execution that no runner holds (no lease, or its lease ran out), so that resuming it costs a single
-- write. Nothing is locked or changed on the execution: the write that follows is conditional on the
-- row version read here, and a checkpoint before any step with side effects takes the lease, so a
-- runner that lost a race changes nothing and performs nothing. An execution a runner holds (this one
-- included: one of its threads may be driving it) comes back without its state.
CREATE FUNCTION claim_due_with_state(p_now timestamptz, p_limit integer, p_claimer text, p_claim_until timestamptz)
  RETURNS TABLE (tenant_id uuid, execution_id uuid, token_id text, due_at timestamptz, event_key text,
                 event_payload jsonb, has_state boolean, workflow_id uuid, workflow_version integer, status text,
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
    )
    SELECT due.tenant_id, due.execution_id, due.token_id, due.due_at, due.event_key, due.event_payload,
           e.id IS NOT NULL, e.workflow_id, e.workflow_version, e.status, e.trigger_kind, e.trigger_node,
           e.trigger_payload, e.state, e.parent_execution_id, e.replay_of, e.error, e.output, e.created_at,
           e.started_at, e.finished_at, e.row_version
      FROM due
      LEFT JOIN executions e ON e.tenant_id = due.tenant_id AND e.id = due.execution_id
                            AND (e.lease_owner IS NULL OR e.lease_until < p_now)
     ORDER BY due.due_at
  $$;

-- The claim without the executions' state: no sweeper calls it any more.
DROP FUNCTION claim_due_wakeups(timestamptz, integer, text, timestamptz);

REVOKE ALL ON FUNCTION claim_due_with_state(timestamptz, integer, text, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_due_with_state(timestamptz, integer, text, timestamptz) TO switchboard_app;

-- A claim rewrites its wake-up row (who claimed it, until when); room left on each page lets that new
-- row version stay on the page without new index entries (a HOT update), where full pages forced two.
ALTER TABLE wakeups SET (fillfactor = 70);
