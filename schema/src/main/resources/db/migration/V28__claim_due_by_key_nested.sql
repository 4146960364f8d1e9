-- V26 rewrote the claimed wakeups by tuple id. That skips a due row updated and committed between the
-- claim's snapshot and its lock (the lock finds the newer version, whose tuple id the older snapshot
-- cannot see): the row is locked but not claimed until the next sweep. The claim joins the locked rows
-- back by key again, as in V21, with hash and merge joins off inside the function, so PostgreSQL looks
-- each one up by its primary key instead of scanning every wait (the reason for V26).
CREATE OR REPLACE FUNCTION claim_due_with_state(p_now timestamptz, p_limit integer, p_claimer text, p_claim_until timestamptz)
  RETURNS TABLE (tenant_id uuid, execution_id uuid, token_id text, due_at timestamptz, event_key text,
                 event_payload jsonb, has_state boolean, workflow_id uuid, workflow_version integer, status text,
                 trigger_kind text, trigger_node text, trigger_payload jsonb, state jsonb, parent_execution_id uuid,
                 replay_of uuid, error jsonb, output jsonb, created_at timestamptz, started_at timestamptz,
                 finished_at timestamptz, row_version bigint)
  LANGUAGE sql VOLATILE SECURITY DEFINER
  SET search_path = public, pg_temp
  SET enable_hashjoin = off
  SET enable_mergejoin = off
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
