-- Cluster-level set-up that Flyway cannot do inside a migration: the two roles.
-- Run by the migrating (administrative) user before Flyway; idempotent.
--   switchboard_owner  owns every table, runs the migrations (SET ROLE), and executes the few
--                      SECURITY DEFINER functions that must look across tenants (login by email,
--                      routing an inbound number, the wakeup sweeper). It never logs in.
--   switchboard_app    what the application connects as: owns nothing, cannot bypass RLS.
DO $$
BEGIN
  -- Two app nodes starting together may race here; the loser finds the role made.
  BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_owner') THEN
      CREATE ROLE switchboard_owner NOLOGIN BYPASSRLS;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'switchboard_app') THEN
      CREATE ROLE switchboard_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOINHERIT;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  IF NOT pg_has_role(current_user, 'switchboard_owner', 'MEMBER') THEN
    EXECUTE format('GRANT switchboard_owner TO %I', current_user);
  END IF;
END $$;
GRANT USAGE, CREATE ON SCHEMA public TO switchboard_owner;
GRANT USAGE ON SCHEMA public TO switchboard_app;
