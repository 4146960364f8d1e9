-- Platform AI settings the superadmin sets in the console or the API: the default model for AI
-- steps that name no credential (it wins over SWITCHBOARD_LLM_*), and a preamble put before the
-- system prompt of every AI step of every workspace. One row (id = 1). Platform state: no
-- tenant_id. The API key is sealed with the credential vault (AES-256-GCM, bound to this row) and
-- never read back out to anyone.
CREATE TABLE platform_ai_settings (
  id                  integer     PRIMARY KEY CHECK (id = 1),
  llm_provider        text,
  llm_model           text,
  llm_base_url        text,
  llm_key_id          text,
  llm_key_nonce       bytea,
  llm_key_ciphertext  bytea,
  preamble            text        NOT NULL DEFAULT '',
  -- counts every change of the preamble; steps record the version they used
  preamble_version    integer     NOT NULL DEFAULT 0,
  updated_at          timestamptz NOT NULL DEFAULT now(),
  updated_by          text
);
GRANT SELECT, INSERT, UPDATE, DELETE ON platform_ai_settings TO switchboard_app;

-- Revenue per workspace for the superadmin's console: what its invoices paid (refunds taken off)
-- between p_from and p_to and in all, its subscription's status, and its plan's monthly price.
-- Invoices and billing accounts are workspace tables (row-level security): this definer function
-- is the platform's one way to total them.
CREATE FUNCTION platform_revenue(p_from timestamptz, p_to timestamptz)
  RETURNS TABLE (tenant_id uuid, subscription_status text, monthly_price_cents bigint, paid_in_period bigint,
                 paid_total bigint, invoices_failed bigint)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT t.id,
           coalesce(b.subscription_status, 'none'),
           coalesce(p.monthly_price_cents, 0)::bigint,
           coalesce((SELECT sum(i.amount_cents - i.amount_refunded) FROM invoices i
                      WHERE i.tenant_id = t.id AND i.status IN ('paid', 'refunded')
                        AND i.created_at >= p_from AND i.created_at < p_to), 0)::bigint,
           coalesce((SELECT sum(i.amount_cents - i.amount_refunded) FROM invoices i
                      WHERE i.tenant_id = t.id AND i.status IN ('paid', 'refunded')), 0)::bigint,
           (SELECT count(*) FROM invoices i WHERE i.tenant_id = t.id AND i.status = 'failed')
      FROM tenants t
      LEFT JOIN billing_accounts b ON b.tenant_id = t.id
      LEFT JOIN plans p ON p.id = t.plan
     ORDER BY t.created_at
  $$;
REVOKE ALL ON FUNCTION platform_revenue(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform_revenue(timestamptz, timestamptz) TO switchboard_app;
