package io.switchboard.app.plans;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;

/**
 * Where the API rate limiter keeps its token buckets, chosen once at startup: PostgreSQL's
 * {@code api_rate_buckets} table by default, Redis when {@code SWITCHBOARD_REDIS_URL} is set. Every
 * node of a cluster given the same store draws from the same buckets.
 */
public interface ApiRateBuckets {

  /** Takes one token from bucket {@code key}, which is made with {@code config} when it does not exist yet. */
  ConsumptionProbe tryConsumeOne(long key, BucketConfiguration config);

  /** {@code postgresql} or {@code redis}, for the startup log and tests. */
  String backend();
}
