-- Days whose hours differ from the workspace's usual opening and closing time (Saturday 10:00 to
-- 14:00 while weekdays open 09:00 to 17:00): {"saturday": {"opens": "10:00", "closes": "14:00"}}.
-- Each day named here is one of weekdays; the application checks the times.
ALTER TABLE business_hours
  ADD COLUMN by_day jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(by_day) = 'object');
