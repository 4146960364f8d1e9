package io.switchboard.app.plans;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Optional;

/**
 * Each workspace's API requests per minute, as its plan allows, in token buckets kept in
 * PostgreSQL (Bucket4j) so every node of a cluster draws from the same bucket.
 */
@Component
public class ApiRateLimiter implements io.switchboard.app.security.ApiRequestGate {

  public static final String METRIC = "api_requests_per_minute";

  private final ProxyManager<Long> buckets;
  private final PlanCatalog plans;

  public ApiRateLimiter(DataSource dataSource, PlanCatalog plans) {
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .table("api_rate_buckets").idColumn("id").stateColumn("state").build();
    this.plans = plans;
  }

  @Override
  public Optional<Duration> tryAcquire(TenantId tenant) {
    PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    long perMinute = plan.limit(METRIC).orElse(600L);
    // the plan is part of the key: a plan change starts a bucket of the new size at once
    long key = tenant.value().getMostSignificantBits() ^ tenant.value().getLeastSignificantBits() ^ plan.id().hashCode();
    BucketConfiguration config = BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
        .build();
    ConsumptionProbe probe = buckets.builder().build(key, () -> config).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
  }
}
