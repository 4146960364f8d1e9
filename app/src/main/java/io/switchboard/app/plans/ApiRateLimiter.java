package io.switchboard.app.plans;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;

/**
 * Each workspace's API requests per minute, as its plan allows, in Bucket4j token buckets kept in
 * PostgreSQL or Redis ({@link ApiRateBuckets}) so every node of a cluster draws from the same bucket.
 * A {@link ServiceThrottle} in force (a payment overdue) cuts the rate to its share.
 */
@Component
public class ApiRateLimiter implements io.switchboard.app.security.ApiRequestGate {

  public static final String METRIC = "api_requests_per_minute";

  private final ApiRateBuckets buckets;
  private final PlanCatalog plans;
  private final ResolvedBeans<ServiceThrottle> throttles;

  public ApiRateLimiter(ApiRateBuckets buckets, PlanCatalog plans, ObjectProvider<ServiceThrottle> throttles) {
    this.throttles = new ResolvedBeans<>(throttles);
    this.buckets = buckets;
    this.plans = plans;
  }

  @Override
  public Optional<Duration> tryAcquire(TenantId tenant) {
    PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    int percent = ServiceThrottle.first(throttles.get(), tenant).map(ServiceThrottle.Throttle::percent).orElse(100);
    long perMinute = Math.max(1, plan.limit(METRIC).orElse(600L) * percent / 100);
    // the plan and any throttle are part of the key: a change starts a bucket of the new size at once
    long key = tenant.value().getMostSignificantBits() ^ tenant.value().getLeastSignificantBits()
        ^ (plan.id() + "/" + percent).hashCode();
    BucketConfiguration config = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .build();
    ConsumptionProbe probe = buckets.tryConsumeOne(key, config);
    return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }
}
