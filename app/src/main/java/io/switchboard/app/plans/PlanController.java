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

  private final AuditLog audit;
  private final UsageReport report;
  private final java.time.Clock clock;

  public PlanController(PlanCatalog plans, UsageMeter usage, TenantDatabase db, PlanAssignment assignment, AuditLog audit,
                        UsageReport report, java.time.Clock clock) {
    this.audit = audit;
    this.report = report;
    this.clock = clock.withZone(java.time.ZoneOffset.UTC);
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

  public record PlanDefinition(String name, Integer monthlyPriceCents, Map<String, Long> limits, Integer position) {}

  /** Limits a plan may set; anything else is refused as a typo. */
  static final java.util.Set<String> METRICS = java.util.Set.of("executions_per_month", "messages_per_day",
      "llm_tokens_per_day", "contacts", "seats", "active_workflows", "kb_mb", ApiRateLimiter.METRIC);

  /** The superadmin adds a plan or changes one (its limits apply to its workspaces within seconds). */
  @PutMapping("/api/v1/plans/{id}")
  public PlanCatalog.Plan definePlan(@PathVariable String id, @RequestBody PlanDefinition request) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("change plans");
    if (!id.matches("^[a-z][a-z0-9-]{1,30}$")) {
      throw ApiException.badRequest("invalid_plan_id", "A plan id is 2–31 lowercase letters, digits and dashes, such as pro-2026.");
    }
    if (request == null || request.name() == null || request.name().isBlank() || request.limits() == null) {
      throw ApiException.badRequest("invalid_plan", "Give the plan a name and its limits.");
    }
    List<String> unknown = request.limits().keySet().stream().filter(k -> !METRICS.contains(k)).sorted().toList();
    if (!unknown.isEmpty()) {
      throw ApiException.badRequest("invalid_plan", "Unknown limits " + unknown + "; plans limit "
          + METRICS.stream().sorted().toList() + ".");
    }
    if (request.limits().values().stream().anyMatch(v -> v == null || v < 0)) {
      throw ApiException.badRequest("invalid_plan", "Limits are whole numbers of zero or more.");
    }
    String limits = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(request.limits());
    db.platform(tx -> tx.resultQuery("""
        insert into plans (id, name, monthly_price_cents, limits, position) values ({0}, {1}, {2}, {3}::jsonb, {4})
        on conflict (id) do update set name = excluded.name, monthly_price_cents = excluded.monthly_price_cents,
          limits = excluded.limits, position = excluded.position returning id""",
        id, request.name().strip(), request.monthlyPriceCents() == null ? 0 : request.monthlyPriceCents(), limits,
        request.position() == null ? 100 : request.position()).fetch());
    db.runInTenant(user.tenantId(), tx -> audit.record(tx, user, "plan.defined", "plan", id, Map.of("limits", request.limits())));
    plans.forgetPlans();
    return plans.plan(id).orElseThrow();
  }

  /** The workspace's use in a month (default: this one), for its usage page. */
  @GetMapping("/api/v1/usage/summary")
  public UsageReport.Month summary(@org.springframework.web.bind.annotation.RequestParam(required = false) String month) {
    SwitchboardUser user = CurrentUser.require();
    return report.month(user.tenantId(), month(month));
  }

  public record TenantUsage(UUID tenantId, String name, String plan, String status, UsageReport.Month usage) {}

  public record PlatformUsage(String month, List<TenantUsage> tenants, long runs, long messagesSent, long llmTokens,
                              java.math.BigDecimal llmCostUsd, long paidCents) {}

  /** Every workspace's use in a month with the platform's totals, for the superadmin. */
  @GetMapping("/api/v1/admin/usage")
  public PlatformUsage platformUsage(@org.springframework.web.bind.annotation.RequestParam(required = false) String month) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("see every workspace's usage");
    java.time.YearMonth m = month(month);
    List<TenantUsage> rows = db.platform(tx -> tx.resultQuery("select id, name, plan, status from platform_list_tenants()")
        .fetch()).stream().map(r -> new TenantUsage(r.get("id", UUID.class), r.get("name", String.class),
            r.get("plan", String.class), r.get("status", String.class), report.month(new TenantId(r.get("id", UUID.class)), m)))
        .toList();
    return new PlatformUsage(m.toString(), rows,
        rows.stream().mapToLong(t -> t.usage().runs().values().stream().mapToLong(Integer::longValue).sum()).sum(),
        rows.stream().mapToLong(t -> t.usage().messagesSent().values().stream().mapToLong(Integer::longValue).sum()).sum(),
        rows.stream().mapToLong(t -> t.usage().llmInputTokens() + t.usage().llmOutputTokens()).sum(),
        rows.stream().map(t -> t.usage().llmCostUsd()).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add),
        rows.stream().mapToLong(t -> t.usage().paidCents()).sum());
  }

  private java.time.YearMonth month(String text) {
    return io.switchboard.app.web.MonthParameter.parse(text, () -> java.time.YearMonth.now(clock));
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
