package io.switchboard.app.plans;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.ADMISSION_REFUSALS;

/** Plans on offer, a workspace's usage against its plan, and the superadmin changing a workspace's plan. */
@RestController
public class PlanController {

  private final PlanCatalog plans;
  private final UsageMeter usage;
  private final TenantDatabase db;
  private final PlanAssignment assignment;

  public PlanController(PlanCatalog plans, UsageMeter usage, TenantDatabase db, PlanAssignment assignment) {
    this.plans = plans;
    this.usage = usage;
    this.db = db;
    this.assignment = assignment;
  }

  @GetMapping("/api/v1/plans")
  public List<PlanCatalog.Plan> list() {
    CurrentUser.require();
    return plans.plans();
  }

  public record Refusal(Instant at, UUID workflowId, String triggerKind, String code, String reason) {}

  public record Usage(String plan, String planName, String status, Map<String, Long> limits, Map<String, Long> used,
                      List<Refusal> recentRefusals) {}

  @GetMapping("/api/v1/usage")
  public Usage usage() {
    SwitchboardUser user = CurrentUser.require();
    PlanCatalog.Workspace w = plans.workspace(user.tenantId());
    List<Refusal> refusals = db.inTenant(user.tenantId(), tx -> tx.selectFrom(ADMISSION_REFUSALS)
        .orderBy(ADMISSION_REFUSALS.AT.desc()).limit(20).fetch())
        .map(r -> new Refusal(r.getAt().toInstant(), r.getWorkflowId(), r.getTriggerKind(), r.getCode(), r.getReason()));
    return new Usage(w.plan().id(), w.plan().name(), w.status(), w.plan().limits(), usage.current(user.tenantId()), refusals);
  }

  public record ChangePlan(String plan) {}

  @PutMapping("/api/v1/tenants/{id}/plan")
  public Map<String, String> changePlan(@PathVariable UUID id, @RequestBody ChangePlan request) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("change a workspace's plan");
    PlanCatalog.Plan plan = plans.plan(request == null || request.plan() == null ? "" : request.plan())
        .orElseThrow(() -> ApiException.badRequest("invalid_plan", "Choose one of the plans: "
            + String.join(", ", plans.plans().stream().map(PlanCatalog.Plan::id).toList()) + "."));
    if (!assignment.assign(new TenantId(id), plan, new AuditLog.Actor(user.userId(), user.email()), Map.of())) {
      throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "There is no such workspace.");
    }
    return Map.of("tenantId", id.toString(), "plan", plan.id());
  }
}
