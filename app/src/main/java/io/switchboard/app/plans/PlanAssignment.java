package io.switchboard.app.plans;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/** Puts a workspace on a plan (the superadmin by hand, billing when a subscription changes), audited. */
@Component
public class PlanAssignment {

  private final TenantDatabase db;
  private final PlanCatalog plans;
  private final UsageMeter usage;
  private final AuditLog audit;

  public PlanAssignment(TenantDatabase db, PlanCatalog plans, UsageMeter usage, AuditLog audit) {
    this.db = db;
    this.plans = plans;
    this.usage = usage;
    this.audit = audit;
  }

  /**
   * Sets the workspace's plan, joining the caller's transaction when there is one; false when the
   * workspace does not exist. Unchanged plans write nothing. {@code details} go into the audit entry.
   */
  public boolean assign(TenantId tenant, PlanCatalog.Plan plan, AuditLog.Actor actor, Map<String, ?> details) {
    boolean found = db.inTenant(tenant, tx -> {
      String current = tx.select(TENANTS.PLAN).from(TENANTS).where(TENANTS.ID.eq(tenant.value())).forUpdate().fetchOne(TENANTS.PLAN);
      if (current == null) {
        return false;
      }
      if (!current.equals(plan.id())) {
        tx.update(TENANTS).set(TENANTS.PLAN, plan.id()).where(TENANTS.ID.eq(tenant.value())).execute();
        Map<String, Object> entry = new LinkedHashMap<>(details);
        entry.put("plan", plan.id());
        entry.put("previousPlan", current);
        audit.record(tx, tenant, actor, "plan.changed", "tenant", tenant.value().toString(), entry);
      }
      return true;
    });
    if (found) {
      plans.forget(tenant);
      usage.forget(tenant);
    }
    return found;
  }
}
