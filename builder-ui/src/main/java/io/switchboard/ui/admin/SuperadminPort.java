package io.switchboard.ui.admin;

import io.switchboard.engine.graph.WorkflowGraph;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The platform console, for the superadmin only (every call checks it): all workspaces with their
 * plan, status, this month's runs and revenue, and the platform's revenue totals; suspend and
 * reactivate; a workspace's workflows and executions, read-only, each look written to that
 * workspace's audit log; templates from its workflows, and publishing template versions; the
 * platform's default AI model and global prompt (the API key goes in, never comes out).
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

  /** The platform's revenue this month, with each workspace's (amounts in US cents). */
  Revenue revenue();

  /** The default model and global prompt as stored (never the API key). */
  AiSettings aiSettings();

  /** Sets the default AI model; an empty {@code apiKey} keeps the stored key. */
  AiSettings setDefaultModel(String provider, String model, String baseUrl, String apiKey);

  /** Removes the stored default model: the environment's (or the sandbox) is used again. */
  AiSettings clearDefaultModel();

  /** Replaces the global prompt put before every AI step's instructions (blank removes it). */
  AiSettings setGlobalPrompt(String text);

  record Tenant(UUID id, String name, String slug, String plan, String status, long users, long workflows,
                long runsThisMonth, Optional<Long> runLimit, Instant createdAt) {}

  record Revenue(String month, long mrrCents, long paidThisMonthCents, long paidTotalCents,
                 java.util.Map<String, Long> tenantsByStatus, java.util.Map<UUID, TenantRevenue> byTenant) {}

  record TenantRevenue(String subscriptionStatus, long mrrCents, long paidThisMonthCents, long paidTotalCents) {}

  /** {@code source}: where AI steps without a credential get their model now: database, environment or sandbox. */
  record AiSettings(Optional<String> provider, Optional<String> model, Optional<String> baseUrl, boolean apiKeySet,
                    String source, String globalPrompt, int globalPromptVersion, Optional<Instant> updatedAt,
                    Optional<String> updatedBy) {}

  record Workflow(UUID id, String name, int latestVersion, Optional<Integer> activeVersion, Instant updatedAt) {}

  record Execution(UUID id, String workflowName, String status, String trigger, Instant createdAt) {}

  record TemplateVersion(UUID id, String slug, String title, String category, int latestVersion, String latestStatus,
                         Optional<Integer> publishedVersion) {}
}
