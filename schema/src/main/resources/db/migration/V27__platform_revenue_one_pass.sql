-- The console's revenue read the workspace list with a second function and scanned each workspace's
-- invoices three times. It now comes in one call: each workspace with its name, plan and status (as
-- platform_list_tenants gives them) and its invoice totals from one pass over the invoices.
DROP FUNCTION platform_revenue(timestamptz, timestamptz);

CREATE FUNCTION platform_revenue(p_from timestamptz, p_to timestamptz)
  RETURNS TABLE (tenant_id uuid, name text, plan text, status text, subscription_status text,
                 monthly_price_cents bigint, paid_in_period bigint, paid_total bigint, invoices_failed bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT t.id, t.name, t.plan, t.status,
           coalesce(b.subscription_status, 'none'),
           coalesce(p.monthly_price_cents, 0)::bigint,
           coalesce(i.paid_in_period, 0)::bigint,
           coalesce(i.paid_total, 0)::bigint,
           coalesce(i.failed, 0)::bigint
      FROM tenants t
      LEFT JOIN billing_accounts b ON b.tenant_id = t.id
      LEFT JOIN plans p ON p.id = t.plan
      LEFT JOIN (SELECT x.tenant_id,
                        sum(x.amount_cents - x.amount_refunded)
                          FILTER (WHERE x.status IN ('paid', 'refunded') AND x.created_at >= p_from
                                  AND x.created_at < p_to) AS paid_in_period,
                        sum(x.amount_cents - x.amount_refunded) FILTER (WHERE x.status IN ('paid', 'refunded')) AS paid_total,
                        count(*) FILTER (WHERE x.status = 'failed') AS failed
                   FROM invoices x
                  GROUP BY x.tenant_id) i ON i.tenant_id = t.id
     ORDER BY t.created_at
  $$;
REVOKE ALL ON FUNCTION platform_revenue(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_revenue(timestamptz, timestamptz) TO switchboard_app;
