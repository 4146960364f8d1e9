package io.switchboard.app.dashboard;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.QuickRun;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API behind the dashboard, the credentials form and the console: figures counted per day for
 * the caller's workspace only; the kinds of credential with their fields; suspending and reactivating
 * a workspace, for the superadmin only.
 */
class DashboardAndConsoleApiIT extends IntegrationTestBase {

  private static final String PASSWORD = "dashboard-pass-42";

  @Test
  void shouldCountTheDaysRunsForTheCallersWorkspaceOnly() {
    ApiClient api = api();
    String token = api.signUpAndToken("Counted Co", uniqueEmail("counted"), PASSWORD);
    String other = api.signUpAndToken("Uncounted Co", uniqueEmail("uncounted"), PASSWORD);
    QuickRun.runAndAwait(api, token, "Counted");

    JsonNode figures = api.get("/api/v1/dashboard?days=7", token).body();
    assertThat(figures.path("days")).hasSize(7);
    JsonNode succeeded = figures.path("executions").path("succeeded");
    assertThat(succeeded).hasSize(7);
    assertThat(succeeded.get(6).asLong()).isEqualTo(1);
    assertThat(figures.path("executions").path("failed").get(6).asLong()).isZero();
    assertThat(figures.path("tokens")).hasSize(7);
    assertThat(figures.path("topFailing")).isEmpty();

    JsonNode others = api.get("/api/v1/dashboard?days=7", other).body();
    assertThat(others.path("executions").path("succeeded").get(6).asLong()).isZero();
  }

  @Test
  void shouldDescribeEachKindOfCredentialWithItsFields() {
    ApiClient api = api();
    String token = api.signUpAndToken("Kinds Co", uniqueEmail("kinds"), PASSWORD);
    JsonNode types = api.get("/api/v1/credentials/types", token).body();
    JsonNode twilio = null;
    for (JsonNode t : types) {
      if (t.path("type").asString().equals("twilio")) {
        twilio = t;
      }
    }
    assertThat(twilio).isNotNull();
    assertThat(twilio.path("fields").get(0).path("key").asString()).isEqualTo("accountSid");
    assertThat(twilio.path("fields").get(1).path("key").asString()).isEqualTo("authToken");
    assertThat(twilio.path("fields").get(1).path("secret").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/credentials/types", null).status()).isEqualTo(401);
  }

  @Test
  void shouldSuspendAndReactivateAWorkspaceForTheSuperadminOnly() {
    ApiClient api = api();
    String email = uniqueEmail("suspended");
    String token = api.signUpAndToken("Paused Co", email, PASSWORD);
    String tenant = api.get("/api/v1/me", token).text("tenantId");
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);

    ApiClient.Response refused = api.post("/api/v1/tenants/" + tenant + "/suspend", Map.of(), token);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text("detail")).contains("superadmin");

    assertThat(api.post("/api/v1/tenants/" + tenant + "/suspend", Map.of(), admin).status()).isEqualTo(204);
    ApiClient.Response blocked = api.get("/api/v1/workflows", token);
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.text("code")).isEqualTo("tenant_suspended");
    assertThat(api.post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), null).status()).isEqualTo(403);

    assertThat(api.post("/api/v1/tenants/" + tenant + "/reactivate", Map.of(), admin).status()).isEqualTo(204);
    assertThat(api.get("/api/v1/workflows", token).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/audit-log", token).body().toString()).contains("tenant.suspended", "tenant.reactivated");

    String own = api.get("/api/v1/me", admin).text("tenantId");
    assertThat(api.post("/api/v1/tenants/" + own + "/suspend", Map.of(), admin).status()).isEqualTo(400);
  }
}
