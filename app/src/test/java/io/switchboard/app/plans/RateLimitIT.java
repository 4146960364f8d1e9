package io.switchboard.app.plans;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A workspace over its plan's API requests per minute is answered 429 with when to retry; another workspace is not slowed. */
class RateLimitIT extends IntegrationTestBase {

  @Test
  void shouldAnswer429WithRetryAfterOverThePlansRateAndOnlyForThatWorkspace() throws Exception {
    ApiClient api = api();
    String busy = api.signUpAndToken("Busy API", uniqueEmail("rate"), "rate-limit-pass-1");
    String calm = api.signUpAndToken("Calm API", uniqueEmail("calm"), "rate-limit-pass-2");
    // a small plan, so the test does not depend on how fast this machine sends requests
    try (java.sql.Connection c = io.switchboard.app.support.TestPostgres.server().adminDataSource().getConnection();
         java.sql.Statement s = c.createStatement()) {
      s.executeUpdate("insert into plans (id, name, limits, position) values ('rate-test', 'Rate test', "
          + "'{\"executions_per_month\": 100, \"api_requests_per_minute\": 30}', 99) on conflict (id) do nothing");
    }
    String tenant = api.get("/api/v1/me", busy).text("tenantId");
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", java.util.Map.of("plan", "rate-test"), admin).status())
        .isEqualTo(200);
    long perMinute = api.get("/api/v1/usage", busy).body().path("limits").path("api_requests_per_minute").asLong();
    assertThat(perMinute).isEqualTo(30);

    int ok = 1; // the usage call above
    ApiClient.Response refused = null;
    for (int i = 0; i < perMinute + 200 && refused == null; i++) {
      ApiClient.Response r = api.get("/api/v1/me", busy);
      if (r.status() == 429) {
        refused = r;
      } else {
        assertThat(r.status()).isEqualTo(200);
        ok++;
      }
    }
    assertThat(refused).as("refused once past the plan's rate").isNotNull();
    assertThat(ok).as("about the plan's rate went through first").isGreaterThanOrEqualTo((int) perMinute - 2);
    assertThat(refused.body().path("code").asString()).isEqualTo("rate_limited");
    assertThat(refused.body().path("detail").asString()).contains("Try again in");
    assertThat(refused.header("Retry-After").map(Long::parseLong).orElse(0L)).isPositive();
    assertThat(api.get("/api/v1/me", calm).status()).as("another workspace has its own bucket").isEqualTo(200);
  }
}
