package io.switchboard.app.plans;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monthly run allowances: a run over the plan is refused at its trigger (402 with what to do, the
 * reason recorded, no execution created), racing requests never exceed the allowance, and a plan
 * upgrade by the superadmin lets runs start again.
 */
class QuotaIT extends IntegrationTestBase {

  private static final String FLOW = """
      {'nodes': [{'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook', 'config': {}},
                 {'id': 'set', 'type': 'logic.set@1', 'name': 'Set', 'config': {'fields': [{'name': 'ok', 'value': 'yes'}]}}],
       'edges': [{'from': 'hook', 'to': 'set'}]}
      """;

  @Test
  void shouldLimitTheWorkflowsSwitchedOnAtOnceToThePlan() {
    ApiClient api = api();
    String token = api.signUpAndToken("Busy Co", uniqueEmail("active"), "quota-pass-123");
    long limit = api.get("/api/v1/usage", token).body().path("limits").path("active_workflows").asLong();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= limit; i++) {
      ids.add(api.post("/api/v1/workflows", Map.of("name", "Flow " + i, "graph", graph(FLOW)), token).text("workflowId"));
    }
    for (int i = 0; i < limit; i++) {
      assertThat(api.post("/api/v1/workflows/" + ids.get(i) + "/activate", Map.of(), token).status()).isEqualTo(200);
    }
    var refused = api.post("/api/v1/workflows/" + ids.get((int) limit) + "/activate", Map.of(), token);
    assertThat(refused.status()).isEqualTo(402);
    assertThat(refused.body().path("code").asString()).isEqualTo("plan_limit");
    assertThat(refused.body().path("detail").asString()).contains("Switch one off, or upgrade the plan");
    assertThat(api.post("/api/v1/workflows/" + ids.get(0) + "/activate", Map.of(), token).status())
        .as("switching on an already active one again is not one more").isEqualTo(200);
    api.post("/api/v1/workflows/" + ids.get(0) + "/deactivate", Map.of(), token);
    assertThat(api.post("/api/v1/workflows/" + ids.get((int) limit) + "/activate", Map.of(), token).status()).isEqualTo(200);
  }

  @Test
  void shouldRefuseRunsOverThePlanAtTheTriggerAndNeverExceedIt() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Quota Co", uniqueEmail("quota"), "quota-pass-123");
    UUID tenant = UUID.fromString(api.get("/api/v1/me", token).text("tenantId"));
    String workflowId = api.post("/api/v1/workflows", Map.of("name", "Hook", "graph", graph(FLOW)), token).text("workflowId");
    String hook = api.post("/api/v1/workflows/" + workflowId + "/activate", Map.of(), token).text("webhookPath");
    JsonNode usage = api.get("/api/v1/usage", token).body();
    assertThat(usage.path("plan").asString()).isEqualTo("trial");
    long limit = usage.path("limits").path("executions_per_month").asLong();

    // the month's allowance nearly used up: 5 runs left
    LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement(
             "insert into usage_counters (tenant_id, metric, period_start, value) values (?, 'executions_per_month', ?, ?)")) {
      ps.setObject(1, tenant);
      ps.setObject(2, month);
      ps.setLong(3, limit - 5);
      ps.executeUpdate();
    }

    HttpClient http = HttpClient.newHttpClient();
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hook))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses.stream().filter(s -> s == 202).count()).as("exactly the 5 runs left").isEqualTo(5);
    assertThat(statuses.stream().filter(s -> s == 402).count()).isEqualTo(15);
    assertThat(api.get("/api/v1/executions?workflowId=" + workflowId, token).body()).as("refused runs never started").hasSize(5);

    HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hook))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(402);
    assertThat(refused.body()).contains("quota_exceeded").contains("Upgrade the plan");
    var manual = api.post("/api/v1/workflows/" + workflowId + "/run", Map.of(), token);
    assertThat(manual.status()).isEqualTo(402);
    JsonNode after = api.get("/api/v1/usage", token).body();
    assertThat(after.path("used").path("executions_per_month").asLong()).isEqualTo(limit);
    assertThat(after.path("recentRefusals").get(0).path("reason").asString()).contains("Trial plan");

    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", Map.of("plan", "starter"), token).status())
        .as("only the superadmin changes plans").isEqualTo(403);
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", Map.of("plan", "growth"), admin).status()).isEqualTo(200);
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/run", Map.of(), token).status()).isEqualTo(201);
    assertThat(api.get("/api/v1/usage", token).body().path("planName").asString()).isEqualTo("Growth");
  }
}
