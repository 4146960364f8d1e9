package io.switchboard.app.flags;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature flags through the API: the superadmin switches AI steps off for one workspace, whose run
 * then fails that step with the reason while another workspace's run succeeds; a workspace admin
 * switches a flag the platform lets workspaces set, and nothing else; a member cannot; all audited.
 */
class FeatureFlagsIT extends IntegrationTestBase {

  private static final String AI_FLOW = """
      {'nodes': [
        {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
        {'id': 'ask', 'type': 'ai.llm@1', 'name': 'Summarise', 'config': {'userPrompt': 'Summarise: {{ trigger.text }}'}}],
       'edges': [{'from': 'start', 'to': 'ask'}]}
      """;

  @Test
  void shouldFailTheAiStepOnlyInTheWorkspaceTheSuperadminSwitchedItOffFor() {
    ApiClient api = api();
    String off = api.signUpAndToken("Flagged Off", uniqueEmail("flag-off"), "flags-pass-123");
    String on = api.signUpAndToken("Flagged On", uniqueEmail("flag-on"), "flags-pass-123");
    String offTenant = api.get("/api/v1/me", off).text("tenantId");
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);

    assertThat(api.send("PUT", "/api/v1/admin/flags/ai_nodes", Map.of("denyTenants", List.of(offTenant)), off).status())
        .as("only the superadmin defines flags").isEqualTo(403);
    var defined = api.send("PUT", "/api/v1/admin/flags/ai_nodes", Map.of("denyTenants", List.of(offTenant)), admin);
    assertThat(defined.status()).isEqualTo(200);
    assertThat(defined.body().path("denyTenants").toString()).contains(offTenant);
    assertThat(defined.body().path("enabled").asBoolean()).isTrue();
    try {
      JsonNode failed = run(api, off, "failed");
      JsonNode step = failed.path("steps").get(1);
      assertThat(step.path("status").asString()).isEqualTo("failed");
      assertThat(step.path("error").toString()).contains("feature_disabled")
          .contains("AI steps are switched off for this workspace (flag ai_nodes)")
          .contains("Ask your administrator");
      JsonNode succeeded = run(api, on, "succeeded");
      assertThat(succeeded.path("steps").get(1).path("output").path("text").asString()).startsWith("[Sandbox AI reply");

      JsonNode flag = flag(api.get("/api/v1/flags", off).body(), "ai_nodes");
      assertThat(flag.path("enabled").asBoolean()).isFalse();
      assertThat(flag.path("source").asString()).isEqualTo("deny_list");
      assertThat(flag.path("reason").asString()).contains("switched this feature off for this workspace");
      assertThat(flag(api.get("/api/v1/flags", on).body(), "ai_nodes").path("enabled").asBoolean()).isTrue();
      assertThat(api.get("/api/v1/audit-log", off).body().toString()).as("the workspace sees what was done to it")
          .contains("feature_flag.define").contains("ai_nodes");
      assertThat(api.get("/api/v1/audit-log", admin).body().toString()).contains("feature_flag.define");
    } finally {
      api.send("PUT", "/api/v1/admin/flags/ai_nodes", Map.of("denyTenants", List.of()), admin);
    }
    run(api, off, "succeeded");
  }

  @Test
  void shouldLetAWorkspaceAdminSetOnlyTheFlagsTheWorkspaceMaySet() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Own Flags", uniqueEmail("own-flags"), "flags-pass-123");
    JsonNode before = flag(api.get("/api/v1/flags", owner).body(), "sms_followup");
    assertThat(before.path("enabled").asBoolean()).isTrue();
    assertThat(before.path("tenantSettable").asBoolean()).isTrue();

    var set = api.send("PUT", "/api/v1/flags/sms_followup", Map.of("enabled", false), owner);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().path("enabled").asBoolean()).isFalse();
    assertThat(set.body().path("source").asString()).isEqualTo("workspace");
    assertThat(flag(api.get("/api/v1/flags", owner).body(), "sms_followup").path("enabled").asBoolean())
        .as("the change is seen at once on this node, not after the cache expires").isFalse();

    var platformOnly = api.send("PUT", "/api/v1/flags/ai_nodes", Map.of("enabled", false), owner);
    assertThat(platformOnly.status()).isEqualTo(403);
    assertThat(platformOnly.body().path("code").asString()).isEqualTo("flag_not_settable");
    assertThat(platformOnly.body().path("detail").asString()).contains("set by the platform");
    assertThat(api.send("PUT", "/api/v1/flags/no_such_flag", Map.of("enabled", true), owner).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/audit-log", owner).body().toString()).contains("feature_flag.set").contains("sms_followup");

    // a member (the only user of this workspace, demoted) may read the flags but not switch them
    String email = uniqueEmail("flag-member");
    String member = api.signUpAndToken("Member Flags", email, "flags-pass-123");
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("update users set role = 'member' where email = ?")) {
      ps.setString(1, email);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(api.get("/api/v1/flags", member).status()).isEqualTo(200);
    var refused = api.send("PUT", "/api/v1/flags/sms_followup", Map.of("enabled", false), member);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.body().path("detail").asString()).contains("Only a workspace admin");
  }

  private JsonNode run(ApiClient api, String token, String expected) {
    String workflow = api.post("/api/v1/workflows", Map.of("name", "Summarise", "graph", graph(AI_FLOW)), token)
        .text("workflowId");
    String execution = api.post("/api/v1/workflows/" + workflow + "/run", Map.of("payload", Map.of("text", "Call me back")),
        token).text("id");
    return Await.until("the execution to end " + expected, () -> api.get("/api/v1/executions/" + execution, token).body(),
        d -> d.path("summary").path("status").asString().equals(expected));
  }

  private static JsonNode flag(JsonNode flags, String key) {
    for (JsonNode f : flags) {
      if (f.path("key").asString().equals(key)) {
        return f;
      }
    }
    throw new AssertionError("no flag " + key + " in " + flags);
  }
}
