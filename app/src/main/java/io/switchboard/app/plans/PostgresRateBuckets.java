package io.switchboard.app.plans;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import javax.sql.DataSource;

/** Token buckets in PostgreSQL's {@code api_rate_buckets}, one row per bucket, taken under {@code SELECT ... FOR UPDATE}. */
public final class PostgresRateBuckets implements ApiRateBuckets {

  private final ProxyManager<Long> buckets;

  public PostgresRateBuckets(DataSource dataSource) {
    this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .table("api_rate_buckets").idColumn("id").stateColumn("state").build();
  }

  @Override
  public ConsumptionProbe tryConsumeOne(long key, BucketConfiguration config) {
    return buckets.builder().build(key, () -> config).tryConsumeAndReturnRemaining(1);
  }

  @Override
  public String backend() {
    return "postgresql";
  }
}
