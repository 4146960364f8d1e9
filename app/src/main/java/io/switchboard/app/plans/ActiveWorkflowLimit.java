package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.WORKFLOWS;

/** A plan's limit of workflows switched on at once, checked whenever one is switched on (API, editor, templates). */
@Component
public class ActiveWorkflowLimit implements WorkflowService.ActivationGuard {

  public static final String METRIC = "active_workflows";

  private final PlanCatalog plans;
  private final TenantDatabase db;

  public ActiveWorkflowLimit(PlanCatalog plans, TenantDatabase db, WorkflowService workflows) {
    this.plans = plans;
    this.db = db;
    workflows.addActivationGuard(this);
  }

  @Override
  public void beforeActivation(TenantId tenant, UUID workflowId) {
    PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    long limit = plan.limit(METRIC).orElse(Long.MAX_VALUE);
    int others = db.inTenant(tenant, tx -> tx.fetchCount(WORKFLOWS, WORKFLOWS.ACTIVE_VERSION.isNotNull()
        .and(WORKFLOWS.ID.ne(workflowId))));
    if (others >= limit) {
      throw new WorkflowService.Refused("plan_limit", "Your " + plan.name() + " plan allows " + limit
          + " workflows switched on at once, and " + others + " are. Switch one off, or upgrade the plan.", List.of());
    }
  }
}
