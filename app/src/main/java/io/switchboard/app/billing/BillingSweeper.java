package io.switchboard.app.billing;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.plans.QuotaAdmission;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.jooq.tables.records.BillingAccountsRecord;
import io.switchboard.schema.jooq.tables.records.BillingUsageReportsRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.BILLING_ACCOUNTS;
import static io.switchboard.schema.jooq.Tables.BILLING_USAGE_REPORTS;
import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.USAGE_COUNTERS;

/**
 * Billing's periodic work (run by {@link BillingJob} on one node of the cluster at a time, and safe
 * if two ever overlap): suspends workspaces whose grace period after a failed payment has run out,
 * and reports each subscribed workspace's workflow runs of the month just closed to Stripe's meter,
 * once per month (a row claims the month before the call; the call's idempotency key and meter
 * identifier are made from workspace and month).
 */
@Component
public class BillingSweeper {

  private static final Logger log = LoggerFactory.getLogger(BillingSweeper.class);

  private final TenantDatabase db;
  private final StripeGateway stripe;
  private final PlanCatalog plans;
  private final BillingThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;

  public BillingSweeper(TenantDatabase db, StripeGateway stripe, PlanCatalog plans, BillingThrottle throttle,
                        AuditLog audit, Clock clock) {
    this.db = db;
    this.stripe = stripe;
    this.plans = plans;
    this.throttle = throttle;
    this.audit = audit;
    this.clock = clock;
  }

  /** What one sweep did. */
  public record Swept(int suspended, int usageReported) {}

  public Swept sweep() {
    return new Swept(suspendOverdue(), reportUsage());
  }

  /** Suspends the workspaces whose grace period has ended without payment; returns how many. */
  int suspendOverdue() {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<UUID> due = db.platform(tx -> tx.fetch("select tenant_id from billing_grace_expired(?::timestamptz)", now).getValues(0, UUID.class));
    int suspended = 0;
    for (UUID id : due) {
      TenantId tenant = new TenantId(id);
      boolean done = db.inTenant(tenant, tx -> {
        BillingAccountsRecord account = tx.selectFrom(BILLING_ACCOUNTS).forUpdate().fetchOne();
        if (account == null || account.getGraceUntil() == null || account.getGraceUntil().isAfter(now)
            || account.getSuspendedForNonPayment()) {
          return false; // paid, or done by another node, since the list was read
        }
        int changed = tx.update(TENANTS).set(TENANTS.STATUS, "suspended").set(TENANTS.UPDATED_AT, now)
            .where(TENANTS.ID.eq(id)).and(TENANTS.STATUS.eq("active")).execute();
        if (changed == 0) {
          return false; // already suspended by hand: that suspension stays the superadmin's
        }
        account.setSuspendedForNonPayment(true);
        account.setUpdatedAt(now);
        account.update();
        audit.record(tx, tenant, AuditLog.Actor.SYSTEM, "billing.suspended_for_non_payment", "tenant", id.toString(),
            Map.of("graceUntil", account.getGraceUntil().toInstant().toString()));
        return true;
      });
      if (done) {
        suspended++;
        plans.forget(tenant);
        throttle.forget(tenant);
        log.info("suspended tenant {}: grace period after a failed payment ended", tenant);
      }
    }
    return suspended;
  }

  /** Reports last month's runs of each subscribed workspace not reported yet; returns how many were reported. */
  int reportUsage() {
    LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
    LocalDate closed = month.minusMonths(1);
    List<UUID> due = db.platform(tx -> tx.fetch("select tenant_id from billing_usage_due(?::date)", month).getValues(0, UUID.class));
    int reported = 0;
    for (UUID id : due) {
      TenantId tenant = new TenantId(id);
      try {
        if (reportMonth(tenant, closed)) {
          reported++;
        }
      } catch (StripeGateway.Failed e) {
        log.warn("usage of tenant {} for {} not reported yet (tried again on the next sweep): {}", tenant, closed,
            e.getMessage());
      }
    }
    return reported;
  }

  private boolean reportMonth(TenantId tenant, LocalDate period) {
    String identifier = "usage-" + tenant.value() + "-" + period;
    record Claim(String customer, BillingUsageReportsRecord report) {}
    Claim claim = db.inTenant(tenant, tx -> {
      BillingAccountsRecord account = tx.selectFrom(BILLING_ACCOUNTS).fetchOne();
      if (account == null) {
        return null;
      }
      Long executions = tx.select(USAGE_COUNTERS.VALUE).from(USAGE_COUNTERS)
          .where(USAGE_COUNTERS.METRIC.eq(QuotaAdmission.EXECUTIONS)).and(USAGE_COUNTERS.PERIOD_START.eq(period))
          .fetchOne(USAGE_COUNTERS.VALUE);
      // the count is fixed when the month is claimed: a retry reports the same number under the same key
      tx.insertInto(BILLING_USAGE_REPORTS)
          .set(BILLING_USAGE_REPORTS.TENANT_ID, tenant.value())
          .set(BILLING_USAGE_REPORTS.PERIOD_START, period)
          .set(BILLING_USAGE_REPORTS.EXECUTIONS, executions == null ? 0L : executions)
          .set(BILLING_USAGE_REPORTS.IDENTIFIER, identifier)
          .onConflictDoNothing().execute();
      return new Claim(account.getStripeCustomerId(),
          tx.selectFrom(BILLING_USAGE_REPORTS).where(BILLING_USAGE_REPORTS.PERIOD_START.eq(period)).fetchOne());
    });
    if (claim == null || claim.report().getReportedAt() != null) {
      return false;
    }
    if (claim.report().getExecutions() > 0) {
      // stamped on the last second of the month it counts
      stripe.reportUsage(claim.customer(), claim.report().getExecutions(),
          period.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusSeconds(1), identifier, identifier);
    }
    db.runInTenant(tenant, tx -> tx.update(BILLING_USAGE_REPORTS)
        .set(BILLING_USAGE_REPORTS.REPORTED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .where(BILLING_USAGE_REPORTS.PERIOD_START.eq(period)).execute());
    return true;
  }
}
