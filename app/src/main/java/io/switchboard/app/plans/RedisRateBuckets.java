package io.switchboard.app.plans;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Token buckets in Redis (Bucket4j's Lettuce module, compare-and-swap in a Lua script), one key per
 * bucket under {@code switchboard:api-rate:}; a bucket left alone expires once it would have
 * refilled, so idle workspaces leave nothing behind.
 */
public final class RedisRateBuckets implements ApiRateBuckets, AutoCloseable {

  static final String PREFIX = "switchboard:api-rate:";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final ProxyManager<byte[]> buckets;

  /** @throws Unreachable when the URL is not a Redis URL or the server does not answer */
  public RedisRateBuckets(String url) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url.strip());
    } catch (RuntimeException e) {
      throw new Unreachable("SWITCHBOARD_REDIS_URL is not a Redis address such as redis://host:6379 ("
          + e.getMessage() + ").", e);
    }
    uri.setTimeout(TIMEOUT);
    this.client = RedisClient.create(uri);
    try {
      this.connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      client.shutdown();
      throw new Unreachable("cannot reach Redis at " + uri.getHost() + ":" + uri.getPort()
          + " (SWITCHBOARD_REDIS_URL); check that it runs and the address is right, or unset it to keep the API "
          + "rate limits in PostgreSQL.", e);
    }
    this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
        .requestTimeout(TIMEOUT)
        .build();
  }

  @Override
  public ConsumptionProbe tryConsumeOne(long key, BucketConfiguration config) {
    byte[] id = (PREFIX + Long.toHexString(key)).getBytes(StandardCharsets.UTF_8);
    return buckets.builder().build(id, () -> config).tryConsumeAndReturnRemaining(1);
  }

  @Override
  public String backend() {
    return "redis";
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }

  /** Redis was configured but cannot be used; the message says what to do. */
  public static final class Unreachable extends IllegalStateException {
    public Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
