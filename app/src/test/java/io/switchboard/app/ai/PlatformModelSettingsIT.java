package io.switchboard.app.ai;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalChatModelServer;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform's AI settings set by the superadmin: a workspace without its own model credential
 * uses the default model stored in the database (the environment sets none here), the API key is
 * stored encrypted and never shown again, the global prompt goes before every AI step's
 * instructions and its version is in the step's output, both changes are audited, and removing the
 * stored model falls back to the environment's (here: the sandbox) at once.
 */
class PlatformModelSettingsIT extends IntegrationTestBase {

  private static final String SECRET_KEY = "sk-platform-secret-4242";
  private static final String PREAMBLE = "Never promise refunds. Never give medical advice.";

  private static final String FLOW = """
      {'nodes': [{'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start', 'config': {}},
                 {'id': 'ask', 'type': 'ai.llm@1', 'name': 'Greet', 'config': {'systemPrompt': 'You are the bakery assistant.',
                    'userPrompt': 'Greet {{ trigger.name }}'}},
                 {'id': 'agent', 'type': 'ai.agent@1', 'name': 'Helper', 'config': {'userPrompt': 'Say goodbye', 'maxSteps': 2}}],
       'edges': [{'from': 'start', 'to': 'ask'}, {'from': 'ask', 'to': 'agent'}]}
      """;

  @AfterEach
  void restorePlatformDefaults() {
    // the application context (and its platform settings) is shared with other tests
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    api.delete("/api/v1/admin/ai-settings/model", admin);
    api.send("PUT", "/api/v1/admin/ai-settings/global-prompt", Map.of("text", ""), admin);
  }

  @Test
  void shouldUseTheStoredDefaultModelAndGlobalPromptForAWorkspaceWithoutCredential() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    String owner = api.signUpAndToken("Default Model Bakery", uniqueEmail("default-model"), "bakery-password-1");

    try (LocalChatModelServer model = new LocalChatModelServer(r -> "Hello from the platform model")) {
      // only the superadmin sets it
      ApiClient.Response refused = api.send("PUT", "/api/v1/admin/ai-settings/model",
          Map.of("provider", "openai", "apiKey", "x"), owner);
      assertThat(refused.status()).isEqualTo(403);
      assertThat(api.get("/api/v1/admin/ai-settings", owner).status()).isEqualTo(403);

      ApiClient.Response bad = api.send("PUT", "/api/v1/admin/ai-settings/model", Map.of("provider", "skynet"), admin);
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.text("detail")).contains("skynet", "openai");
      ApiClient.Response noKey = api.send("PUT", "/api/v1/admin/ai-settings/model", Map.of("provider", "anthropic"), admin);
      assertThat(noKey.status()).isEqualTo(400);
      assertThat(noKey.text("detail")).contains("API key");

      ApiClient.Response saved = api.send("PUT", "/api/v1/admin/ai-settings/model", Map.of("provider", "openai-compatible",
          "model", "local-model", "baseUrl", model.baseUrl(), "apiKey", SECRET_KEY), admin);
      assertThat(saved.status()).as(saved.body().toString()).isEqualTo(200);
      assertThat(saved.body().path("apiKeySet").asBoolean()).isTrue();
      assertThat(saved.body().path("effectiveSource").asString()).isEqualTo("database");
      assertThat(saved.body().toString()).doesNotContain(SECRET_KEY);
      assertThat(api.get("/api/v1/admin/ai-settings", admin).body().toString()).doesNotContain(SECRET_KEY);
      assertThat(storedKeyBytes()).as("the key is stored").isNotEmpty();
      assertThat(new String(storedKeyBytes(), StandardCharsets.ISO_8859_1)).as("encrypted").doesNotContain("platform-secret");

      ApiClient.Response prompt = api.send("PUT", "/api/v1/admin/ai-settings/global-prompt", Map.of("text", PREAMBLE), admin);
      assertThat(prompt.status()).isEqualTo(200);
      int version = prompt.body().path("preambleVersion").asInt();
      assertThat(version).isPositive();
      ApiClient.Response tooLong = api.send("PUT", "/api/v1/admin/ai-settings/global-prompt", Map.of("text", "x".repeat(8_001)),
          admin);
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.text("code")).isEqualTo("preamble_too_long");

      JsonNode execution = run(api, owner);
      assertThat(execution.path("summary").path("status").asString()).as(execution.toString()).isEqualTo("succeeded");
      JsonNode ask = step(execution, "ask");
      assertThat(ask.path("text").asString()).isEqualTo("Hello from the platform model");
      assertThat(ask.path("sandbox").asBoolean()).isFalse();
      assertThat(ask.path("modelSource").asString()).isEqualTo("platform default");
      assertThat(ask.path("platformPreambleVersion").asInt()).isEqualTo(version);
      assertThat(step(execution, "agent").path("platformPreambleVersion").asInt()).isEqualTo(version);
      assertThat(execution.toString()).doesNotContain(SECRET_KEY);

      // the model got the preamble first, then the step's own instructions
      assertThat(model.received()).hasSizeGreaterThanOrEqualTo(2);
      LocalChatModelServer.Request first = model.received().get(0);
      assertThat(first.system()).isEqualTo(PREAMBLE + "\n\nYou are the bakery assistant.");
      assertThat(first.user()).isEqualTo("Greet Ana");
      assertThat(model.received().get(1).system()).as("the agent's prompt, which has no instructions of its own")
          .isEqualTo(PREAMBLE);

      // both changes are in the superadmin's audit log, the key never
      String audit = api.get("/api/v1/audit-log?limit=50", admin).body().toString();
      assertThat(audit).contains("platform.llm_default_set", "platform.global_prompt_set").doesNotContain(SECRET_KEY);

      // without the stored model the environment's applies again (none here: the sandbox), without a restart
      ApiClient.Response cleared = api.delete("/api/v1/admin/ai-settings/model", admin);
      assertThat(cleared.status()).isEqualTo(200);
      assertThat(cleared.body().path("effectiveSource").asString()).isEqualTo("sandbox");
      int calls = model.received().size();
      JsonNode again = run(api, owner);
      assertThat(step(again, "ask").path("sandbox").asBoolean()).isTrue();
      assertThat(model.received()).hasSize(calls);
    }
  }

  private JsonNode run(ApiClient api, String token) {
    String id = api.post("/api/v1/workflows", Map.of("name", "Platform model", "graph", graph(FLOW)), token).text("workflowId");
    ApiClient.Response started = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("name", "Ana")), token);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    String execution = started.text("id");
    return Await.until("the run finished", () -> api.get("/api/v1/executions/" + execution, token).body(),
        e -> e.path("summary").path("status").asString().matches("succeeded|failed"));
  }

  private static JsonNode step(JsonNode execution, String nodeId) {
    for (JsonNode s : execution.path("steps")) {
      if (s.path("nodeId").asString().equals(nodeId)) {
        return s.path("output");
      }
    }
    throw new AssertionError("no step " + nodeId + " in " + execution);
  }

  private static byte[] storedKeyBytes() throws Exception {
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("select llm_key_ciphertext from platform_ai_settings where id = 1");
         ResultSet rs = ps.executeQuery()) {
      return rs.next() && rs.getBytes(1) != null ? rs.getBytes(1) : new byte[0];
    }
  }
}
