package io.switchboard.app.ui;

import io.switchboard.app.account.TenantController;
import io.switchboard.app.ai.PlatformAiSettings;
import io.switchboard.app.billing.PlatformRevenue;
import io.switchboard.app.account.TenantStatusService;
import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.QuotaAdmission;
import io.switchboard.app.dashboard.DashboardQueries;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.templates.TemplateController;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.templates.TemplateCatalog;
import io.switchboard.ui.admin.SuperadminPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The console's side of the platform services. Every call requires the superadmin; each look into
 * a workspace (its workflows, a workflow's graph, its executions) is written to that workspace's
 * audit log, as the tenant list is to the platform's.
 */
@Service
public class UiSuperadminAdapter implements SuperadminPort {

  private final TenantController tenants;
  private final TenantStatusService status;
  private final PlanCatalog plans;
  private final DashboardQueries dashboard;
  private final WorkflowService workflows;
  private final ExecutionHistory history;
  private final TemplateController templateApi;
  private final TemplateCatalog catalog;
  private final TenantDatabase db;
  private final AuditLog audit;
  private final PlatformRevenue revenue;
  private final PlatformAiSettings ai;

  public UiSuperadminAdapter(TenantController tenants, TenantStatusService status, PlanCatalog plans, DashboardQueries dashboard,
                             WorkflowService workflows, ExecutionHistory history, TemplateController templateApi,
                             TemplateCatalog catalog, TenantDatabase db, AuditLog audit, PlatformRevenue revenue,
                             PlatformAiSettings ai) {
    this.revenue = revenue;
    this.ai = ai;
    this.tenants = tenants;
    this.status = status;
    this.plans = plans;
    this.dashboard = dashboard;
    this.workflows = workflows;
    this.history = history;
    this.templateApi = templateApi;
    this.catalog = catalog;
    this.db = db;
    this.audit = audit;
  }

  @Override
  public List<Tenant> tenants() {
    return Refusals.call(() -> tenants.all().stream().map(t -> {
      TenantId id = new TenantId(t.id());
      long runs = dashboard.runsThisMonth(id);
      Optional<Long> limit = plans.workspace(id).plan().limit(QuotaAdmission.EXECUTIONS);
      return new Tenant(t.id(), t.name(), t.slug(), t.plan(), t.status(), t.users(), t.workflows(), runs, limit, t.createdAt());
    }).toList());
  }

  @Override
  public Revenue revenue() {
    Refusals.run(() -> CurrentUser.require().requireSuperadmin("see the platform's revenue"));
    PlatformRevenue.Summary s = revenue.summary(revenue.thisMonth());
    Map<UUID, TenantRevenue> byTenant = new java.util.LinkedHashMap<>();
    s.tenants().forEach(t -> byTenant.put(t.tenantId(), new TenantRevenue(t.subscriptionStatus(), t.mrrCents(),
        t.paidThisMonthCents(), t.paidTotalCents())));
    return new Revenue(s.month(), s.mrrCents(), s.paidThisMonthCents(), s.paidTotalCents(), s.tenantsByStatus(), byTenant);
  }

  @Override
  public AiSettings aiSettings() {
    Refusals.run(() -> CurrentUser.require().requireSuperadmin("see the platform's AI settings"));
    return aiView(ai.view());
  }

  @Override
  public AiSettings setDefaultModel(String provider, String model, String baseUrl, String apiKey) {
    return Refusals.call(() -> aiView(ai.setModel(CurrentUser.require(),
        new PlatformAiSettings.ModelChange(provider, model, baseUrl, apiKey, false))));
  }

  @Override
  public AiSettings clearDefaultModel() {
    return Refusals.call(() -> aiView(ai.clearModel(CurrentUser.require())));
  }

  @Override
  public AiSettings setGlobalPrompt(String text) {
    return Refusals.call(() -> aiView(ai.setPreamble(CurrentUser.require(), text)));
  }

  private static AiSettings aiView(PlatformAiSettings.View v) {
    return new AiSettings(v.provider(), v.model(), v.baseUrl(), v.apiKeySet(), v.effectiveSource(), v.preamble(),
        v.preambleVersion(), v.updatedAt(), v.updatedBy());
  }

  @Override
  public void suspend(UUID tenantId) {
    Refusals.run(() -> status.suspend(CurrentUser.require(), tenantId));
  }

  @Override
  public void reactivate(UUID tenantId) {
    Refusals.run(() -> status.reactivate(CurrentUser.require(), tenantId));
  }

  @Override
  public List<Workflow> workflows(UUID tenantId) {
    TenantId tenant = looked(tenantId, "platform.workflows_viewed", "tenant", tenantId.toString());
    return workflows.list(tenant).stream()
        .map(w -> new Workflow(w.id(), w.name(), w.latestVersion(), w.activeVersion(), w.updatedAt())).toList();
  }

  @Override
  public Optional<WorkflowGraph> latestGraph(UUID tenantId, UUID workflowId) {
    TenantId tenant = looked(tenantId, "platform.workflow_viewed", "workflow", workflowId.toString());
    return workflows.find(tenant, workflowId).flatMap(w -> workflows.graph(tenant, workflowId, w.latestVersion()));
  }

  @Override
  public List<Execution> executions(UUID tenantId) {
    TenantId tenant = looked(tenantId, "platform.executions_viewed", "tenant", tenantId.toString());
    return history.list(tenant, new ExecutionHistory.Filter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), 100)).stream()
        .map(e -> new Execution(e.id(), e.workflowName(), e.status(), e.triggerKind(), e.createdAt())).toList();
  }

  @Override
  public UUID templateFromWorkflow(UUID tenantId, UUID workflowId, String slug, String title, String description,
                                   String category) {
    return Refusals.call(() -> templateApi.fromWorkflow(new TemplateController.FromWorkflow(tenantId, workflowId, slug, title,
        description, category)).getBody().template().id());
  }

  @Override
  public List<TemplateVersion> templates() {
    CurrentUser.require().requireSuperadmin("see draft templates");
    return catalog.list(true).stream().map(s -> {
      String latestStatus = catalog.version(s.id(), s.latestVersion()).map(TemplateCatalog.Version::status).orElse("draft");
      return new TemplateVersion(s.id(), s.slug(), s.title(), s.category(), s.latestVersion(), latestStatus,
          s.publishedVersion());
    }).toList();
  }

  @Override
  public void publish(UUID templateId, int version) {
    Refusals.run(() -> templateApi.setStatus(templateId, version, "publish"));
  }

  // The superadmin's look into a workspace, noted in that workspace's audit log before anything is read.
  private TenantId looked(UUID tenantId, String action, String targetType, String targetId) {
    SwitchboardUser user = CurrentUser.require();
    Refusals.run(() -> user.requireSuperadmin("look into other workspaces"));
    TenantId tenant = new TenantId(tenantId);
    db.runInTenant(tenant, tx -> audit.record(tx, tenant, AuditLog.Actor.of(user), action, targetType, targetId, Map.of()));
    return tenant;
  }
}
