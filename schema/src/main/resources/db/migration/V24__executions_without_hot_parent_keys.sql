-- Every new execution checked two foreign keys whose parent is the same row for all of a workflow's
-- runs: its workspace (tenants) and its workflow version. Each check takes a KEY SHARE lock on that
-- row, and fifty runs of one busy webhook holding it at once turn the lock into a multixact that
-- PostgreSQL rebuilds (sorts, hashes, writes) for every new locker: measurable CPU on every run,
-- for rows that are never deleted (a workspace is suspended or locked, not deleted; a version is
-- immutable). The ids stay, written by the engine from the workflow it runs; the keys go.
ALTER TABLE executions DROP CONSTRAINT executions_tenant_id_fkey;
ALTER TABLE executions DROP CONSTRAINT executions_tenant_id_workflow_id_workflow_version_fkey;
