package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates end to end: publish, gallery, instantiate with inputs, go live on a number, upgrade with a diff, private templates. */
class TemplatesIT extends IntegrationTestBase {

  private static final String GRAPH = """
      {'nodes': [
        {'id': 'in', 'type': 'trigger.sms@1', 'name': 'Incoming', 'config': {'channel': 'any'}},
        {'id': 'reply', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '{{ trigger.from }}', 'body': 'placeholder'}}],
       'edges': [{'from': 'in', 'to': 'reply'}]}
      """;

  private static Map<String, Object> manifest(String greeting) {
    return Map.of("inputs", List.of(
        Map.of("key", "number", "kind", "PHONE_NUMBER", "label", "Your texting number", "required", true,
            "targets", List.of(Map.of("nodeId", "reply", "field", "from"))),
        Map.of("key", "greeting", "kind", "TEXT", "label", "Auto-reply", "defaultValue", greeting, "required", true,
            "targets", List.of(Map.of("nodeId", "reply", "field", "body"))),
        Map.of("key", "twilio", "kind", "CREDENTIAL", "label", "Twilio account", "credentialType", "twilio", "required", false,
            "targets", List.of(Map.of("nodeId", "reply", "field", "credentialId")))));
  }

  @Test
  void shouldPublishInstantiateGoLiveAndOfferUpgradesWithADiff() throws Exception {
    ApiClient api = api();
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    String slug = "auto-reply-" + System.nanoTime() % 100000;
    var created = api.post("/api/v1/templates", Map.of("slug", slug, "title", "SMS auto-reply", "category", "messaging",
        "graph", graph(GRAPH), "manifest", manifest("Thanks! We will call you back."), "notes", "first"), admin);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String templateId = created.body().path("template").path("id").asString();

    String suffix = String.valueOf(100000 + System.nanoTime() % 800000);
    String token = api.signUpAndToken("Template User", uniqueEmail("tpl"), "template-pass-1");
    assertThat(api.post("/api/v1/templates", Map.of("slug", slug + "-x", "title", "x", "graph", graph(GRAPH)), token).status())
        .as("only the superadmin publishes").isEqualTo(403);
    assertThat(ids(api.get("/api/v1/templates", token).body())).as("a draft is not in the gallery").doesNotContain(templateId);
    api.post("/api/v1/templates/" + templateId + "/versions/1/publish", Map.of(), admin);
    assertThat(ids(api.get("/api/v1/templates", token).body())).contains(templateId);

    var missing = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true), token);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().path("code").asString()).isEqualTo("missing_inputs");
    assertThat(missing.body().path("problems").toString()).contains("Choose the phone number for \\\"Your texting number\\\"");

    String number = "+1555810" + suffix.substring(0, 4);
    assertThat(api.post("/api/v1/phone-numbers", Map.of("number", number), token).status()).isEqualTo(201);
    var wrong = api.post("/api/v1/templates/" + templateId + "/instantiate",
        Map.of("inputs", Map.of("number", "+15550000000"), "activate", true), token);
    assertThat(wrong.body().path("problems").toString()).contains("is not one of your workspace's numbers");

    var made = api.post("/api/v1/templates/" + templateId + "/instantiate",
        Map.of("inputs", Map.of("number", number), "activate", true, "name", "Front desk auto-reply"), token);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
    assertThat(made.body().path("active").asBoolean()).isTrue();
    assertThat(made.body().path("connectedNumber").asString()).isEqualTo(number);
    String workflowId = made.body().path("workflowId").asString();

    // live on the number: a signed inbound SMS is answered with the template's default greeting
    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", "+15559990001", "to", number, "body", "hello?"), token);
    JsonNode outbox = awaitOutbox(api, token);
    assertThat(outbox.get(0).path("body").asString()).isEqualTo("Thanks! We will call you back.");
    assertThat(outbox.get(0).path("from").asString()).isEqualTo(number);

    assertThat(api.get("/api/v1/workflows/" + workflowId + "/template-upgrade", token).body().path("available").asBoolean()).isFalse();
    var v2 = api.post("/api/v1/templates/" + templateId + "/versions",
        Map.of("graph", graph(GRAPH), "manifest", manifest("Thanks, a person will text you within the hour."), "notes", "warmer"), admin);
    assertThat(v2.body().path("version").asInt()).isEqualTo(2);
    assertThat(api.get("/api/v1/workflows/" + workflowId + "/template-upgrade", token).body().path("available").asBoolean())
        .as("a draft is not offered").isFalse();
    api.post("/api/v1/templates/" + templateId + "/versions/2/publish", Map.of(), admin);
    JsonNode offer = api.get("/api/v1/workflows/" + workflowId + "/template-upgrade", token).body();
    assertThat(offer.path("available").asBoolean()).isTrue();
    assertThat(offer.path("fromVersion").asInt()).isEqualTo(1);
    assertThat(offer.path("toVersion").asInt()).isEqualTo(2);
    assertThat(offer.path("changes")).isNotNull();
    JsonNode before = api.get("/api/v1/workflows/" + workflowId, token).body();
    assertThat(before.toString()).as("never applied silently").contains("Thanks! We will call you back.");

    var upgraded = api.post("/api/v1/workflows/" + workflowId + "/template-upgrade", Map.of(), token);
    assertThat(upgraded.status()).as(upgraded.body().toString()).isEqualTo(200);
    JsonNode after = api.get("/api/v1/workflows/" + workflowId, token).body();
    assertThat(after.toString()).doesNotContain("Thanks! We will call you back.");
    assertThat(api.get("/api/v1/workflows/" + workflowId + "/template-upgrade", token).body().path("available").asBoolean()).isFalse();
    var versions = api.get("/api/v1/templates/" + templateId, token).body().path("versions");
    assertThat(versions.toString()).contains("deprecated").contains("published");

    // private templates stay in their workspace; publishing a workflow strips the workspace's number
    var mine = api.post("/api/v1/templates/private", Map.of("workflowId", workflowId, "title", "Our auto-reply"), token);
    assertThat(mine.status()).isEqualTo(201);
    assertThat(api.get("/api/v1/templates", token).body().path("mine").toString()).contains("Our auto-reply").doesNotContain(number);
    String other = api.signUpAndToken("Other Co", uniqueEmail("other"), "template-pass-2");
    assertThat(api.get("/api/v1/templates", other).body().path("mine")).isEmpty();
    assertThat(api.post("/api/v1/templates/private/" + mine.body().path("id").asString() + "/instantiate", Map.of(), other).status())
        .isEqualTo(404);

    String tenantId = api.get("/api/v1/me", token).text("tenantId");
    var published = api.post("/api/v1/templates/from-workflow", Map.of("tenantId", tenantId, "workflowId", workflowId,
        "slug", slug + "-copy", "title", "Published copy"), admin);
    assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
    JsonNode draft = published.body().path("versions").get(0);
    assertThat(draft.path("graph").toString()).doesNotContain(number);
    assertThat(draft.path("manifest").path("inputs").toString()).contains("PHONE_NUMBER");
  }

  private static List<String> ids(JsonNode gallery) {
    return java.util.stream.StreamSupport.stream(gallery.path("templates").spliterator(), false)
        .map(t -> t.path("id").asString()).toList();
  }

  private JsonNode awaitOutbox(ApiClient api, String token) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      JsonNode outbox = api.get("/api/v1/sandbox/outbox", token).body();
      if (!outbox.isEmpty()) {
        return outbox;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing was sent");
  }
}
