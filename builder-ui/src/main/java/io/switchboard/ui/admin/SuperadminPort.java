package io.switchboard.ui.admin;

import io.switchboard.engine.graph.WorkflowGraph;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform console, for the superadmin only (every call checks it): all workspaces with their
 * plan, status and this month's runs; suspend and reactivate; a workspace's workflows and
 * executions, read-only, each look written to that workspace's audit log; templates from its
 * workflows, and publishing template versions.
 */
public interface SuperadminPort {

  List<Tenant> tenants();

  void suspend(UUID tenantId);

  void reactivate(UUID tenantId);

  List<Workflow> workflows(UUID tenantId);

  Optional<WorkflowGraph> latestGraph(UUID tenantId, UUID workflowId);

  List<Execution> executions(UUID tenantId);

  /** Makes a draft template from a workspace's workflow (credentials, numbers and knowledge bases stripped); its id. */
  UUID templateFromWorkflow(UUID tenantId, UUID workflowId, String slug, String title, String description, String category);

  /** Every template, drafts included, with its newest version's status. */
  List<TemplateVersion> templates();

  void publish(UUID templateId, int version);

  record Tenant(UUID id, String name, String slug, String plan, String status, long users, long workflows,
                long runsThisMonth, Optional<Long> runLimit, Instant createdAt) {}

  record Workflow(UUID id, String name, int latestVersion, Optional<Integer> activeVersion, Instant updatedAt) {}

  record Execution(UUID id, String workflowName, String status, String trigger, Instant createdAt) {}

  record TemplateVersion(UUID id, String slug, String title, String category, int latestVersion, String latestStatus,
                         Optional<Integer> publishedVersion) {}
}
