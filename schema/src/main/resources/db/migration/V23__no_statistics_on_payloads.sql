-- The JSON an execution carries (its trigger payload, state, output and error, and each step's input,
-- rendered settings, output and error) is read by id and never searched or sorted on, so the planner
-- has no use for statistics about it. Collecting them was the costliest thing PostgreSQL did under a
-- busy webhook: autovacuum's ANALYZE of these tables, run every few seconds as they grow, compared and
-- sorted thousands of sampled JSON documents per column (a third of the database's CPU in the
-- webhook-throughput profile). Statistics target 0 makes ANALYZE skip these columns; the ids, status
-- and times keep theirs.
ALTER TABLE executions ALTER COLUMN trigger_payload SET STATISTICS 0;
ALTER TABLE executions ALTER COLUMN state SET STATISTICS 0;
ALTER TABLE executions ALTER COLUMN output SET STATISTICS 0;
ALTER TABLE executions ALTER COLUMN error SET STATISTICS 0;
ALTER TABLE execution_steps ALTER COLUMN input SET STATISTICS 0;
ALTER TABLE execution_steps ALTER COLUMN config SET STATISTICS 0;
ALTER TABLE execution_steps ALTER COLUMN output SET STATISTICS 0;
ALTER TABLE execution_steps ALTER COLUMN error SET STATISTICS 0;
