-- Billing with Stripe: each workspace's Stripe customer and subscription state, its invoices, the
-- metered usage reported per period, the Stripe events already processed (platform-wide: event
-- ids are Stripe's, not a workspace's), and the objects of the built-in sandbox Stripe.

-- One row per workspace that has been to checkout (or had a sandbox event simulated).
CREATE TABLE billing_accounts (
  tenant_id                 uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  stripe_customer_id        text        NOT NULL,
  stripe_subscription_id    text,
  subscription_item_id      text,
  -- Stripe's subscription status (trialing, active, past_due, canceled, ...), or 'none'
  subscription_status       text        NOT NULL DEFAULT 'none',
  plan                      text,
  current_period_start      timestamptz,
  current_period_end        timestamptz,
  trial_end                 timestamptz,
  -- a payment failed: service is throttled until it is paid, suspended when grace_until passes
  grace_until               timestamptz,
  payment_failed_at         timestamptz,
  -- true when billing (not a superadmin) suspended the workspace: only then does a payment reactivate it
  suspended_for_non_payment boolean     NOT NULL DEFAULT false,
  -- the Stripe time (event.created) of the last subscription event applied: older ones are ignored
  last_event_at             timestamptz,
  -- counts plan changes asked of Stripe, part of their idempotency key
  plan_changes              integer     NOT NULL DEFAULT 0,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
-- No global index on stripe_customer_id (keys start with tenant_id): billing_tenant_of_customer scans
-- billing_accounts, one short row per paying workspace.

CREATE TABLE invoices (
  tenant_id          uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id                 text        NOT NULL,            -- Stripe's invoice id (in_...)
  amount_cents       bigint      NOT NULL DEFAULT 0,
  amount_refunded    bigint      NOT NULL DEFAULT 0,
  currency           text        NOT NULL DEFAULT 'usd',
  status             text        NOT NULL CHECK (status IN ('failed', 'paid', 'refunded')),
  period_start       timestamptz,
  period_end         timestamptz,
  hosted_url         text,
  payment_intent_id  text,
  charge_id          text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX invoices_tenant_created_idx ON invoices (tenant_id, created_at DESC);

-- Executions reported to Stripe's meter, one row per workspace and usage month: the row is written
-- before the call and the call's idempotency key is made from it, so a period is never reported twice.
CREATE TABLE billing_usage_reports (
  tenant_id     uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  period_start  date        NOT NULL,
  executions    bigint      NOT NULL,
  identifier    text        NOT NULL,
  reported_at   timestamptz,
  PRIMARY KEY (tenant_id, period_start)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['billing_accounts', 'invoices', 'billing_usage_reports'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id()) '
                   'WITH CHECK (tenant_id = current_tenant_id())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;

-- Platform table: Stripe events already processed, by Stripe's event id (a replay is answered
-- without processing it again). Reached only through claim_stripe_event.
CREATE TABLE stripe_events (
  id           text        PRIMARY KEY,
  event_type   text        NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- Records an event as processed, in the caller's transaction; false when it already was.
CREATE FUNCTION claim_stripe_event(p_id text, p_type text)
  RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
  BEGIN
    INSERT INTO stripe_events (id, event_type) VALUES (p_id, p_type) ON CONFLICT (id) DO NOTHING;
    RETURN FOUND;
  END
  $$;

-- The workspace a Stripe customer belongs to (the customer, not the event, names the workspace).
CREATE FUNCTION billing_tenant_of_customer(p_customer text)
  RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT tenant_id FROM billing_accounts WHERE stripe_customer_id = p_customer LIMIT 1 $$;

-- Active workspaces whose grace period after a failed payment has run out (only their ids: the
-- suspension is done inside the workspace). One a superadmin suspended is left alone.
CREATE FUNCTION billing_grace_expired(p_now timestamptz)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT b.tenant_id FROM billing_accounts b JOIN tenants t ON t.id = b.tenant_id AND t.status = 'active'
     WHERE b.grace_until IS NOT NULL AND b.grace_until <= p_now AND NOT b.suspended_for_non_payment
     ORDER BY b.grace_until LIMIT 500
  $$;

-- Workspaces with a subscription whose usage of the month before p_month_start is not yet
-- reported to Stripe (only their ids).
CREATE FUNCTION billing_usage_due(p_month_start date)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT b.tenant_id FROM billing_accounts b
     WHERE b.stripe_subscription_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM billing_usage_reports r
                        WHERE r.tenant_id = b.tenant_id AND r.period_start = (p_month_start - interval '1 month')::date
                          AND r.reported_at IS NOT NULL)
     LIMIT 500
  $$;

REVOKE ALL ON FUNCTION claim_stripe_event(text, text), billing_tenant_of_customer(text),
  billing_grace_expired(timestamptz), billing_usage_due(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION claim_stripe_event(text, text), billing_tenant_of_customer(text),
  billing_grace_expired(timestamptz), billing_usage_due(date) TO switchboard_app;

-- Platform state: the built-in sandbox Stripe's objects (customers, checkout sessions,
-- subscriptions, invoices, meter events) and its idempotent answers. It is the platform's own
-- simulated payment provider: objects are keyed by Stripe-style ids, with no tenant_id column.
CREATE TABLE sandbox_stripe_objects (
  id          text        PRIMARY KEY,
  object      text        NOT NULL,
  body        jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE sandbox_stripe_requests (
  idempotency_key  text        PRIMARY KEY,
  method_path      text        NOT NULL,
  status           integer     NOT NULL,
  response         jsonb       NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sandbox_stripe_objects_customer_idx ON sandbox_stripe_objects (object, (body ->> 'customer'));
GRANT SELECT, INSERT, UPDATE, DELETE ON sandbox_stripe_objects, sandbox_stripe_requests TO switchboard_app;
