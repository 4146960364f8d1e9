package io.switchboard.app.ui;

import io.switchboard.app.account.TenantController;
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

  public UiSuperadminAdapter(TenantController tenants, TenantStatusService status, PlanCatalog plans, DashboardQueries dashboard,
                             WorkflowService workflows, ExecutionHistory history, TemplateController templateApi,
                             TemplateCatalog catalog, TenantDatabase db, AuditLog audit) {
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
