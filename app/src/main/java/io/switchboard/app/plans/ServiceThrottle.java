package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * A temporary cut to what a workspace's plan allows, decided outside the plans module (billing
 * throttles a workspace whose payment failed). The rate limiter and run admission apply it.
 */
public interface ServiceThrottle {

  /** The cut in force for {@code tenant} now, if any. Called on every API request: answer from a cache. */
  Optional<Throttle> current(TenantId tenant);

  /** The first cut in force for {@code tenant} among {@code throttles} (rate limits and run admission ask alike). */
  static Optional<Throttle> first(java.util.List<ServiceThrottle> throttles, TenantId tenant) {
    for (ServiceThrottle t : throttles) {
      Optional<Throttle> cut = t.current(tenant);
      if (cut.isPresent()) {
        return cut;
      }
    }
    return Optional.empty();
  }

  /**
   * @param percent the share of the plan's limits left (1-100)
   * @param code    stable code of the reason, such as {@code payment_overdue}
   * @param reason  a sentence for the workspace's users saying why and what to do
   */
  record Throttle(int percent, String code, String reason) {
    public Throttle {
      if (percent < 1 || percent > 100) {
        throw new IllegalArgumentException("a throttle leaves 1-100 percent of the plan");
      }
    }

    public long apply(long limit) {
      return limit == Long.MAX_VALUE ? limit : Math.max(1, limit * percent / 100);
    }
  }
}
