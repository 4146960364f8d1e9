-- Per-workspace API rate limits (Bucket4j's token buckets), shared by every node of a cluster.
-- Platform state, not workspace data: a bucket is keyed by a number derived from the workspace id
-- and holds only its remaining tokens.
CREATE TABLE api_rate_buckets (
  id          bigint PRIMARY KEY,
  state       bytea,
  expires_at  bigint
);
GRANT SELECT, INSERT, UPDATE, DELETE ON api_rate_buckets TO switchboard_app;

UPDATE plans SET limits = limits || jsonb_build_object('api_requests_per_minute',
  CASE id WHEN 'trial' THEN 1200 WHEN 'starter' THEN 3000 WHEN 'growth' THEN 6000 ELSE 12000 END);
