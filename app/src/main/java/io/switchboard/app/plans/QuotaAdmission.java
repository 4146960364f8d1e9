package io.switchboard.app.plans;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.engine.runner.Admission;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.text.NumberFormat;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.ADMISSION_REFUSALS;

/**
 * Admits new executions against the workspace's plan: a suspended or locked workspace runs nothing,
 * a trigger whose feature is off for the workspace ({@link TriggerGate}) starts nothing, and each
 * execution takes one of the month's allowance. A refusal is recorded with its reason before the
 * trigger is answered, and nothing of the execution is created. A {@link ServiceThrottle} in force
 * (a payment overdue) cuts the month's allowance to its share.
 */
@Component
public class QuotaAdmission implements Admission {

  public static final String EXECUTIONS = "executions_per_month";

  private final PlanCatalog plans;
  private final UsageMeter usage;
  private final TenantDatabase db;
  private final Clock clock;
  private final Counter refused;
  private final ResolvedBeans<ServiceThrottle> throttles;
  private final ResolvedBeans<TriggerGate> gates;

  public QuotaAdmission(PlanCatalog plans, UsageMeter usage, TenantDatabase db, Clock clock, ExecutionRunner runner,
                        MeterRegistry meters, ObjectProvider<ServiceThrottle> throttles, ObjectProvider<TriggerGate> gates) {
    this.throttles = new ResolvedBeans<>(throttles);
    this.gates = new ResolvedBeans<>(gates);
    this.plans = plans;
    this.usage = usage;
    this.db = db;
    this.clock = clock;
    this.refused = Counter.builder("switchboard.executions.refused").description("Executions refused at their trigger")
        .register(meters);
    runner.setAdmission(this);
  }

  @Override
  public void admit(TenantId tenant, UUID workflowId, String triggerKind, String triggerType) {
    PlanCatalog.Workspace workspace = plans.workspace(tenant);
    if (!workspace.status().equals("active")) {
      refuse(tenant, workflowId, triggerKind, "workspace_suspended",
          "This workspace is " + workspace.status() + ", so its workflows do not run. Settle the account to restart them.");
    }
    // before the allowance: a run its feature keeps from starting costs nothing
    for (TriggerGate gate : gates.get()) {
      Optional<TriggerGate.Closed> closed = gate.checkTrigger(tenant, triggerType);
      if (closed.isPresent()) {
        refuse(tenant, workflowId, triggerKind, closed.get().code(), closed.get().reason());
      }
    }
    long limit = workspace.plan().limit(EXECUTIONS).orElse(Long.MAX_VALUE);
    Optional<ServiceThrottle.Throttle> throttle = ServiceThrottle.first(throttles.get(), tenant);
    if (throttle.isPresent() && !usage.takeOne(tenant, EXECUTIONS, UsageMeter.Period.MONTH, throttle.get().apply(limit))) {
      refuse(tenant, workflowId, triggerKind, throttle.get().code(), "This workspace may use " + throttle.get().percent()
          + "% of its monthly workflow runs for now, and has. " + throttle.get().reason());
    }
    if (throttle.isEmpty() && !usage.takeOne(tenant, EXECUTIONS, UsageMeter.Period.MONTH, limit)) {
      OffsetDateTime next = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
      refuse(tenant, workflowId, triggerKind, "quota_exceeded", "This workspace has used all "
          + NumberFormat.getIntegerInstance(Locale.US).format(limit) + " workflow runs of its " + workspace.plan().name()
          + " plan this month. Upgrade the plan to run more now; the allowance starts again on "
          + next.getDayOfMonth() + " " + next.getMonth().getDisplayName(TextStyle.FULL, Locale.US) + ".");
    }
  }

  private void refuse(TenantId tenant, UUID workflowId, String triggerKind, String code, String reason) {
    refused.increment();
    db.runInTenant(tenant, tx -> tx.insertInto(ADMISSION_REFUSALS)
        .set(ADMISSION_REFUSALS.TENANT_ID, tenant.value())
        .set(ADMISSION_REFUSALS.ID, UUID.randomUUID())
        .set(ADMISSION_REFUSALS.AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .set(ADMISSION_REFUSALS.WORKFLOW_ID, workflowId)
        .set(ADMISSION_REFUSALS.TRIGGER_KIND, triggerKind)
        .set(ADMISSION_REFUSALS.CODE, code)
        .set(ADMISSION_REFUSALS.REASON, reason)
        .execute());
    throw new NotAdmitted(code, reason);
  }
}
