-- The engine's hot tables churn: every resume updates its execution twice and deletes its wait.
-- Leave room on each page so those updates stay on the page (HOT, no new index entries), and
-- vacuum them as soon as a few thousand rows died instead of at a fifth of the table: the wake-up
-- claim scans the due-time index from the front, where the waits just resumed leave dead entries.
ALTER TABLE wakeups SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000,
                         autovacuum_vacuum_cost_delay = 0, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE executions SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_cost_delay = 0);
