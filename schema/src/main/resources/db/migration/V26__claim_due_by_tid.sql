-- The claim of due wakeups joined the rows it locked back to the table by key, which PostgreSQL planned
-- as a hash join over a sequential scan of every wait (12 ms for 200 claims among 30,000 waits, growing
-- with the table). The locked rows are now rewritten by their tuple ids, a TID scan of just those rows.
-- Tuple ids are stable here: the rows are locked until the statement ends.
CREATE OR REPLACE FUNCTION claim_due_with_state(p_now timestamptz, p_limit integer, p_claimer text, p_claim_until timestamptz)
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
       WHERE w.ctid = ANY (ARRAY(SELECT x.ctid
                                   FROM wakeups x
                                  WHERE x.due_at <= p_now AND (x.claimed_until IS NULL OR x.claimed_until < p_now)
                                  ORDER BY x.due_at
                                  LIMIT p_limit
                                  FOR UPDATE SKIP LOCKED))
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
