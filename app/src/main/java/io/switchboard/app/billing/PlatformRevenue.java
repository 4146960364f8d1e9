package io.switchboard.app.billing;

import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What the platform earns, from the invoices Stripe's webhook wrote: per workspace what it paid in
 * a month and in all (refunds taken off) and its monthly recurring revenue (its plan's monthly
 * price while its subscription is active), and the platform's totals. Read through the
 * {@code platform_revenue} definer function (one call, one pass over the invoices); the caller checks
 * the superadmin.
 */
@Component
public class PlatformRevenue {

  /** Subscriptions that count towards monthly recurring revenue. */
  static final String COUNTED_STATUS = "active";

  private final TenantDatabase db;
  private final Clock clock;

  public PlatformRevenue(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One workspace's revenue; amounts in cents (USD). */
  public record TenantRevenue(UUID tenantId, String name, String plan, String status, String subscriptionStatus,
                              long mrrCents, long paidThisMonthCents, long paidTotalCents, long failedInvoices) {}

  /** The platform's figures for {@code month}, with every workspace's. */
  public record Summary(String month, long mrrCents, long paidThisMonthCents, long paidTotalCents,
                        Map<String, Long> tenantsByStatus, Map<String, Long> subscriptionsByStatus,
                        List<TenantRevenue> tenants) {}

  public YearMonth thisMonth() {
    return YearMonth.now(clock.withZone(ZoneOffset.UTC));
  }

  public Summary summary(YearMonth month) {
    OffsetDateTime from = month.atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
    List<TenantRevenue> rows = db.platform(tx -> tx.resultQuery("select tenant_id, name, plan, status, "
            + "subscription_status, monthly_price_cents, paid_in_period, paid_total, invoices_failed "
            + "from platform_revenue({0}, {1})", from, to).fetch().stream()
        .map(r -> {
          String subscription = r.get("subscription_status", String.class);
          long mrr = COUNTED_STATUS.equals(subscription) ? r.get("monthly_price_cents", Long.class) : 0;
          return new TenantRevenue(r.get("tenant_id", UUID.class), r.get("name", String.class),
              r.get("plan", String.class), r.get("status", String.class), subscription, mrr,
              r.get("paid_in_period", Long.class), r.get("paid_total", Long.class), r.get("invoices_failed", Long.class));
        }).toList());
    return new Summary(month.toString(),
        rows.stream().mapToLong(TenantRevenue::mrrCents).sum(),
        rows.stream().mapToLong(TenantRevenue::paidThisMonthCents).sum(),
        rows.stream().mapToLong(TenantRevenue::paidTotalCents).sum(),
        rows.stream().collect(Collectors.groupingBy(TenantRevenue::status, TreeMap::new, Collectors.counting())),
        rows.stream().collect(Collectors.groupingBy(TenantRevenue::subscriptionStatus, TreeMap::new, Collectors.counting())),
        rows);
  }
}
