package io.switchboard.app.plans;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalRedis;
import io.switchboard.app.support.TestPostgres;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API rate limits kept in Redis ({@code switchboard.rate-limit.redis-url}) instead of PostgreSQL,
 * on a redis-server of its own: the configuration picks Redis when the URL is set; the plan's rate and
 * no more goes through, then a wait to send as {@code Retry-After}, the buckets in Redis and none in
 * PostgreSQL; and two limiters on separate connections to the same Redis (two nodes) share one
 * workspace's budget. The limiters are built on the shared application context's plans rather than in
 * a second context (Spring pauses and restarts a cached context when another one starts, and the two
 * would share one Quartz scheduler by name); the 429 answer itself is {@link RateLimitIT}'s.
 */
class RedisRateLimitIT extends IntegrationTestBase {

  private static final long PER_MINUTE = 30;
  private static LocalRedis redis;

  @Autowired
  PlanCatalog plans;

  @Autowired
  ObjectProvider<ServiceThrottle> throttles;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = LocalRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void shouldHoldThePlansRateInRedisAndGiveTheWaitPastIt() throws Exception {
    ApiRateBuckets configured = new RateLimitConfiguration().apiRateBuckets(TestPostgres.server().adminDataSource(),
        redis.url());
    assertThat(configured.backend()).as("chosen at startup from the configured URL").isEqualTo("redis");
    ((RedisRateBuckets) configured).close();
    ApiClient api = api();
    String busy = onSmallPlan(api, "Redis Busy", "redis-busy");
    TenantId tenant = TenantId.of(api.get("/api/v1/me", busy).text("tenantId"));
    long rowsBefore = postgresBuckets();

    try (RedisRateBuckets buckets = new RedisRateBuckets(redis.url())) {
      ApiRateLimiter limiter = new ApiRateLimiter(buckets, plans, throttles);
      long started = System.nanoTime();
      int ok = 0;
      Optional<Duration> refused = Optional.empty();
      for (int i = 0; i < PER_MINUTE + 200 && refused.isEmpty(); i++) {
        refused = limiter.tryAcquire(tenant);
        if (refused.isEmpty()) {
          ok++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(refused).as("refused once past the plan's rate").isPresent();
      // the bucket starts full (30) and refills half a token a second while the loop runs
      assertThat(ok).as("the plan's rate and no more went through").isBetween((int) PER_MINUTE - 2,
          (int) (PER_MINUTE + Math.ceil(seconds * PER_MINUTE / 60.0)));
      assertThat(refused.get()).as("the wait sent as Retry-After").isBetween(Duration.ofMillis(1), Duration.ofSeconds(60));
    }
    assertThat(redis.command("EVAL", "return #redis.call('keys', ARGV[1])", "0", RedisRateBuckets.PREFIX + "*"))
        .as("the buckets are in Redis").isNotEqualTo(":0");
    assertThat(postgresBuckets()).as("and none was written to PostgreSQL").isEqualTo(rowsBefore);
  }

  @Test
  void shouldShareOneWorkspacesBudgetBetweenTwoLimitersOnTheSameRedis() throws Exception {
    ApiClient api = api();
    String token = onSmallPlan(api, "Redis Shared", "redis-shared");
    TenantId tenant = TenantId.of(api.get("/api/v1/me", token).text("tenantId"));
    try (RedisRateBuckets first = new RedisRateBuckets(redis.url());
         RedisRateBuckets second = new RedisRateBuckets(redis.url())) {
      List<ApiRateLimiter> nodes = List.of(new ApiRateLimiter(first, plans, throttles),
          new ApiRateLimiter(second, plans, throttles));
      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 4 * PER_MINUTE; i++) {
        ApiRateLimiter node = nodes.get(i % 2);
        calls.add(() -> node.tryAcquire(tenant).isEmpty());
      }
      int allowed = 0;
      int[] perNode = new int[2];
      List<Future<Boolean>> results = pool.invokeAll(calls);
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).get()) {
          allowed++;
          perNode[i % 2]++;
        }
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - started) / 1e9;
      // the two API calls after the plan change took their tokens from the same bucket
      assertThat(allowed).as("both limiters together give the plan's rate, not twice it")
          .isBetween((int) PER_MINUTE - 2, (int) (PER_MINUTE + Math.ceil(seconds * PER_MINUTE / 60.0)));
      assertThat(perNode[0]).as("each limiter drew from the shared bucket").isPositive();
      assertThat(perNode[1]).isPositive();
      Optional<Duration> wait = nodes.get(1).tryAcquire(tenant);
      assertThat(wait).as("the second limiter sees the bucket the first emptied").isPresent();
      assertThat(wait.get()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(60));
    }
  }

  /** A new workspace on a plan of 30 API requests a minute; its token. */
  private String onSmallPlan(ApiClient api, String company, String who) throws Exception {
    String token = api.signUpAndToken(company, uniqueEmail(who), "redis-rate-pass-1");
    try (Connection c = TestPostgres.server().adminDataSource().getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("insert into plans (id, name, limits, position) values ('redis-rate-test', 'Redis rate test', "
          + "'{\"executions_per_month\": 100, \"api_requests_per_minute\": " + PER_MINUTE + "}', 99) on conflict (id) do nothing");
    }
    String tenant = api.get("/api/v1/me", token).text("tenantId");
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", Map.of("plan", "redis-rate-test"), admin).status())
        .isEqualTo(200);
    assertThat(api.get("/api/v1/usage", token).body().path("limits").path(ApiRateLimiter.METRIC).asLong())
        .isEqualTo(PER_MINUTE);
    return token;
  }

  private static long postgresBuckets() throws Exception {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection(); Statement s = c.createStatement();
         ResultSet r = s.executeQuery("select count(*) from api_rate_buckets")) {
      r.next();
      return r.getLong(1);
    }
  }
}
