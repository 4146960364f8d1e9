package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.trigger.ManualTrigger;
import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.WORKFLOWS;
import static io.switchboard.schema.jooq.Tables.WORKFLOW_VERSIONS;

/**
 * A plan's limit of workflows switched on at once, checked whenever one is switched on (API, editor,
 * templates). Only workflows that start by themselves count — on a message, a call, a webhook, a
 * schedule, a booking: one whose only trigger is "run by hand" is a helper other workflows run (a
 * specialist sub-workflow) or a button, and switching it on starts nothing.
 */
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
  public void beforeActivation(TenantId tenant, UUID workflowId, WorkflowGraph graph) {
    if (!startsByItself(graph)) {
      return;
    }
    PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    long limit = plan.limit(METRIC).orElse(Long.MAX_VALUE);
    int others = count(tenant, Optional.of(workflowId));
    if (others >= limit) {
      throw new WorkflowService.Refused("plan_limit", "Your " + plan.name() + " plan allows " + limit
          + " workflows switched on at once, and " + others + " are. Switch one off, or upgrade the plan.", List.of());
    }
  }

  /** The workspace's switched-on workflows that start by themselves, leaving one out when given. */
  public int count(TenantId tenant, Optional<UUID> except) {
    Condition selfStarting = DSL.condition("jsonb_path_exists({0}, '$.nodes[*] ? (@.type starts with \"trigger.\" "
        + "&& @.type != \"" + ManualTrigger.KEY + "\" && !(@.disabled == true))')", WORKFLOW_VERSIONS.GRAPH);
    Condition where = except.map(id -> selfStarting.and(WORKFLOWS.ID.ne(id))).orElse(selfStarting);
    return db.inTenant(tenant, tx -> tx.fetchCount(WORKFLOWS.join(WORKFLOW_VERSIONS)
        .on(WORKFLOW_VERSIONS.TENANT_ID.eq(WORKFLOWS.TENANT_ID).and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(WORKFLOWS.ID))
            .and(WORKFLOW_VERSIONS.VERSION.eq(WORKFLOWS.ACTIVE_VERSION))), where));
  }

  static boolean startsByItself(WorkflowGraph graph) {
    return graph.nodes().stream().anyMatch(n -> !n.disabled() && n.type().startsWith("trigger.") && !ManualTrigger.KEY.equals(n.type()));
  }
}
