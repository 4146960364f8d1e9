package io.switchboard.app.plans;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.LocalChatModelServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan's daily and size limits where the work is admitted: messages a day (the send step past it
 * fails with the reason, nothing is sent), AI tokens a day (the next model call is refused), contacts
 * (adding one more answers 402, while the sender of an inbound text is still kept), and knowledge
 * size (an upload that does not fit answers 402).
 */
class PlanLimitsIT extends IntegrationTestBase {

  private static final String SENDS = """
      {'nodes': [{'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start', 'config': {}},
                 {'id': 'a', 'type': 'sms.send@1', 'name': 'First', 'config': {'to': '+15559870001', 'from': 'NUMBER', 'body': 'one'}},
                 {'id': 'b', 'type': 'sms.send@1', 'name': 'Second', 'config': {'to': '+15559870002', 'from': 'NUMBER', 'body': 'two'}},
                 {'id': 'c', 'type': 'sms.send@1', 'name': 'Third', 'config': {'to': '+15559870003', 'from': 'NUMBER', 'body': 'three'}}],
       'edges': [{'from': 'start', 'to': 'a'}, {'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'c'}]}
      """;

  private static final String TWO_CALLS = """
      {'nodes': [{'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start', 'config': {}},
                 {'id': 'a', 'type': 'ai.llm@1', 'name': 'Ask once', 'config': {'credentialId': 'CRED', 'userPrompt': 'Write a long greeting'}},
                 {'id': 'b', 'type': 'ai.llm@1', 'name': 'Ask again', 'config': {'credentialId': 'CRED', 'userPrompt': 'And another'}}],
       'edges': [{'from': 'start', 'to': 'a'}, {'from': 'a', 'to': 'b'}]}
      """;

  @Test
  void shouldHoldEachWorkspaceToItsPlansDailyAndSizeLimits() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/plans/limits-test", Map.of("name", "Limits test", "limits", Map.of(
        "executions_per_month", 1000, "messages_per_day", 2, "llm_tokens_per_day", 40, "contacts", 2, "kb_mb", 0,
        "active_workflows", 5, "seats", 2)), admin).status()).isEqualTo(200);
    assertThat(api.send("PUT", "/api/v1/plans/Bad_Id", Map.of("name", "x", "limits", Map.of()), admin).status()).isEqualTo(400);
    assertThat(api.send("PUT", "/api/v1/plans/typo-plan", Map.of("name", "x", "limits", Map.of("mesages_per_day", 1)), admin)
        .text("detail")).contains("Unknown limits [mesages_per_day]");
    String token = api.signUpAndToken("Limited Co", uniqueEmail("limits"), "limits-pass-123");
    assertThat(api.send("PUT", "/api/v1/plans/limits-test", Map.of("name", "x", "limits", Map.of()), token).status())
        .isEqualTo(403);
    String tenant = api.get("/api/v1/me", token).text("tenantId");
    assertThat(api.send("PUT", "/api/v1/tenants/" + tenant + "/plan", Map.of("plan", "limits-test"), admin).status()).isEqualTo(200);

    // messages a day: the third send of the day fails with the reason, and is not sent
    String number = "+1555987" + (1000 + System.nanoTime() % 9000);
    api.post("/api/v1/phone-numbers", Map.of("number", number), token);
    JsonNode sends = run(api, token, SENDS.replace("NUMBER", number));
    assertThat(sends.path("summary").path("status").asString()).isEqualTo("failed");
    assertThat(sends.path("summary").path("error").path("code").asString()).isEqualTo("quota_exceeded");
    assertThat(sends.path("summary").path("error").path("message").asString()).contains("2 messages a day");
    assertThat(StreamSupport.stream(api.get("/api/v1/sandbox/outbox", token).body().spliterator(), false)
        .filter(m -> m.path("from").asString().equals(number))).hasSize(2);

    // AI tokens a day: the call that crosses the limit runs, the next is refused
    try (LocalChatModelServer model = new LocalChatModelServer(r -> "Hello there! ".repeat(20))) {
      String credential = api.post("/api/v1/credentials", Map.of("name", "Model", "type", "llm",
          "secret", model.credentialFields()), token).text("id");
      JsonNode calls = run(api, token, TWO_CALLS.replace("CRED", credential));
      assertThat(calls.path("summary").path("error").path("code").asString()).isEqualTo("quota_exceeded");
      assertThat(calls.path("summary").path("error").path("message").asString()).contains("40 tokens a day");
      assertThat(model.received()).hasSize(1);
    }

    // contacts: two fit, a third added by hand does not; a texter is still kept
    assertThat(api.post("/api/v1/contacts", Map.of("firstName", "Ann", "phone", "+15559871001"), token).status()).isEqualTo(201);
    assertThat(api.post("/api/v1/contacts", Map.of("firstName", "Ben", "phone", "+15559871002"), token).status()).isEqualTo(201);
    ApiClient.Response third = api.post("/api/v1/contacts", Map.of("firstName", "Cy", "phone", "+15559871003"), token);
    assertThat(third.status()).isEqualTo(402);
    assertThat(third.text("detail")).contains("allows 2 contacts");
    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", "+15559871004", "to", number, "body", "hello?"), token);
    Await.until("the texter kept as a contact", () -> api.get("/api/v1/contacts?q=%2B15559871004", token).body(),
        l -> l.size() == 1);

    // knowledge size: nothing fits in 0 MB
    String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Docs"), token).text("id");
    HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/knowledge-bases/" + kb + "/documents?fileName=faq.txt"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofString("We open at nine.")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).isEqualTo(402);
    assertThat(upload.body()).contains("MB of knowledge");

    // the month's usage for the workspace, and the platform's totals for the superadmin
    JsonNode month = api.get("/api/v1/usage/summary", token).body();
    assertThat(month.path("runs").path("failed").asInt()).isEqualTo(2);
    assertThat(month.path("messagesSent").path("sms").asInt()).isEqualTo(2);
    assertThat(month.path("messagesReceived").path("sms").asInt()).isEqualTo(1);
    assertThat(month.path("llmInputTokens").asLong() + month.path("llmOutputTokens").asLong()).isGreaterThan(40);
    assertThat(api.get("/api/v1/usage/summary?month=November", token).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/usage", token).status()).isEqualTo(403);
    JsonNode platform = api.get("/api/v1/admin/usage", admin).body();
    JsonNode mine = StreamSupport.stream(platform.path("tenants").spliterator(), false)
        .filter(t -> t.path("tenantId").asString().equals(tenant)).findFirst().orElseThrow();
    assertThat(mine.path("usage").path("messagesSent").path("sms").asInt()).isEqualTo(2);
    assertThat(platform.path("messagesSent").asLong()).isGreaterThanOrEqualTo(2);
  }

  private JsonNode run(ApiClient api, String token, String flow) {
    String id = api.post("/api/v1/workflows", Map.of("name", "Limits", "graph", graph(flow)), token).text("workflowId");
    ApiClient.Response started = api.post("/api/v1/workflows/" + id + "/run", Map.of(), token);
    assertThat(started.status()).as(started.body().toString()).isEqualTo(201);
    String execution = started.text("id");
    return Await.until("the run finished", () -> api.get("/api/v1/executions/" + execution, token).body(),
        e -> e.path("summary").path("status").asString().matches("succeeded|failed"));
  }
}
