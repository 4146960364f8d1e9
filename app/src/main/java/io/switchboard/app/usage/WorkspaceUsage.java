package io.switchboard.app.usage;

import io.switchboard.app.account.TeamService;
import io.switchboard.app.ai.KnowledgeBaseController;
import io.switchboard.app.ai.PostgresUsageMeter;
import io.switchboard.app.contacts.ContactLimit;
import io.switchboard.app.messaging.PostgresMessageLog;
import io.switchboard.app.plans.ActiveWorkflowLimit;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.QuotaAdmission;
import io.switchboard.app.plans.UsageMeter;
import io.switchboard.app.plans.UsageReport;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.CONTACTS;
import static io.switchboard.schema.jooq.Tables.USERS;

/**
 * A workspace's use against its plan's limits, for its usage page: this billing period's (UTC
 * calendar month, as {@link UsageReport} counts it) runs and messages by channel, today's messages
 * and AI tokens (the plan limits those per day), and what it holds now: contacts, seats, workflows
 * switched on, knowledge stored.
 */
@Component
public class WorkspaceUsage {

  private final PlanCatalog plans;
  private final UsageReport report;
  private final UsageMeter counters;
  private final ActiveWorkflowLimit activeWorkflows;
  private final TenantDatabase db;
  private final Clock clock;

  public WorkspaceUsage(PlanCatalog plans, UsageReport report, UsageMeter counters, ActiveWorkflowLimit activeWorkflows,
                   TenantDatabase db, Clock clock) {
    this.plans = plans;
    this.report = report;
    this.counters = counters;
    this.activeWorkflows = activeWorkflows;
    this.db = db;
    this.clock = clock;
  }

  /** What one figure counts over: the billing period, today (UTC), or what the workspace holds now. */
  public enum Span { PERIOD, TODAY, NOW }

  /** One figure against the plan's limit ({@code limit} empty: the plan sets none); bytes for knowledge, else counts. */
  public record Meter(String metric, String label, long used, Optional<Long> limit, Span span, boolean bytes) {}

  /** {@code sentByChannel} / {@code receivedByChannel}: this period's messages per channel code (sms, email, call …). */
  public record Summary(String planId, String planName, String status, LocalDate periodStart, LocalDate periodEnd,
                        List<Meter> meters, Map<String, Integer> sentByChannel, Map<String, Integer> receivedByChannel) {}

  public Summary of(TenantId tenant) {
    PlanCatalog.Workspace workspace = plans.workspace(tenant);
    PlanCatalog.Plan plan = workspace.plan();
    YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    UsageReport.Month month = report.month(tenant, period);
    long runs = month.runs().values().stream().mapToLong(Integer::longValue).sum();
    record Held(int contacts, int seats) {}
    Held held = db.inTenant(tenant, tx -> new Held(tx.fetchCount(CONTACTS), tx.fetchCount(USERS, USERS.STATUS.ne("disabled"))));
    List<Meter> meters = List.of(
        new Meter(QuotaAdmission.EXECUTIONS, "Workflow runs this period", runs, plan.limit(QuotaAdmission.EXECUTIONS),
            Span.PERIOD, false),
        new Meter(PostgresMessageLog.MESSAGES_PER_DAY, "Messages sent today (all channels)",
            counters.used(tenant, PostgresMessageLog.MESSAGES_PER_DAY, UsageMeter.Period.DAY),
            plan.limit(PostgresMessageLog.MESSAGES_PER_DAY), Span.TODAY, false),
        new Meter(PostgresUsageMeter.TOKENS_PER_DAY, "AI tokens today",
            counters.used(tenant, PostgresUsageMeter.TOKENS_PER_DAY, UsageMeter.Period.DAY),
            plan.limit(PostgresUsageMeter.TOKENS_PER_DAY), Span.TODAY, false),
        new Meter(ContactLimit.METRIC, "Contacts", held.contacts(), plan.limit(ContactLimit.METRIC), Span.NOW, false),
        new Meter(TeamService.SEATS, "Seats (people in the team)", held.seats(), plan.limit(TeamService.SEATS), Span.NOW, false),
        new Meter(ActiveWorkflowLimit.METRIC, "Workflows switched on", activeWorkflows.count(tenant, Optional.empty()),
            plan.limit(ActiveWorkflowLimit.METRIC), Span.NOW, false),
        new Meter(KnowledgeBaseController.KB_MB, "Knowledge stored", month.knowledgeBytes(),
            plan.limit(KnowledgeBaseController.KB_MB).map(mb -> mb * 1024 * 1024), Span.NOW, true));
    return new Summary(plan.id(), plan.name(), workspace.status(), period.atDay(1), period.atEndOfMonth(), meters,
        month.messagesSent(), month.messagesReceived());
  }
}
