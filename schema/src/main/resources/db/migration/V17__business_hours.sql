-- A workspace's opening hours: the days it is open (1 = Monday … 7 = Sunday) and one opening and
-- closing time, read in the workspace's time zone. No row means the default, Monday to Friday
-- 09:00–17:00. "Wait until business hours" steps use them unless a step sets its own.
CREATE TABLE business_hours (
  tenant_id   uuid        NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  weekdays    integer[]   NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7 AND weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]),
  opens_at    time        NOT NULL,
  closes_at   time        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  uuid,
  PRIMARY KEY (tenant_id),
  CHECK (opens_at < closes_at)
);
ALTER TABLE business_hours ENABLE ROW LEVEL SECURITY;
ALTER TABLE business_hours FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON business_hours USING (tenant_id = current_tenant_id())
  WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON business_hours TO switchboard_app;
