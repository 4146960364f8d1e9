package io.switchboard.app.billing;

import io.switchboard.app.plans.ServiceThrottle;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static io.switchboard.schema.jooq.Tables.BILLING_ACCOUNTS;

/**
 * The soft throttle of a workspace whose payment failed: from the failure until it is paid or the
 * grace period ends (then it is suspended), its API rate and its month's workflow runs are cut to
 * {@code SWITCHBOARD_BILLING_THROTTLE_PERCENT} of the plan. Read on every API request, so kept for a
 * few seconds per workspace; a change on this node is seen at once, on others within that time.
 */
@Component
public class BillingThrottle implements ServiceThrottle {

  static final Duration CACHE = Duration.ofSeconds(10);
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.US).withZone(ZoneOffset.UTC);

  private final TenantDatabase db;
  private final BillingSettings settings;
  private final Clock clock;
  private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<Throttle> throttle, Instant readAt) {}

  public BillingThrottle(TenantDatabase db, BillingSettings settings, Clock clock) {
    this.db = db;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Optional<Throttle> current(TenantId tenant) {
    Cached cached = cache.get(tenant);
    if (cached != null && cached.readAt().plus(CACHE).isAfter(clock.instant())) {
      return cached.throttle();
    }
    Optional<Throttle> throttle = db.inTenant(tenant, tx -> tx.select(BILLING_ACCOUNTS.GRACE_UNTIL)
            .from(BILLING_ACCOUNTS).where(BILLING_ACCOUNTS.SUSPENDED_FOR_NON_PAYMENT.isFalse()).fetchOptional())
        .flatMap(r -> Optional.ofNullable(r.value1()))
        .map(until -> throttleUntil(until.toInstant()));
    cache.put(tenant, new Cached(throttle, clock.instant()));
    return throttle;
  }

  Throttle throttleUntil(Instant graceUntil) {
    return new Throttle(settings.throttlePercent(), "payment_overdue", "A payment failed: pay the open invoice (Billing, "
        + "then Manage payment) by " + DAY.format(graceUntil) + " to lift the limit, or the workspace will be suspended.");
  }

  /** Forget what was read about a workspace (its billing state just changed here). */
  public void forget(TenantId tenant) {
    cache.remove(tenant);
  }
}
