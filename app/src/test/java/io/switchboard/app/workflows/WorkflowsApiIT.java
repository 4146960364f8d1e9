package io.switchboard.app.workflows;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Workflows and executions through the REST API and webhooks, on the real application and database. */
class WorkflowsApiIT extends IntegrationTestBase {

  private static final String PASSWORD = "workflow-pass-1";

  private static final String RESPONDER = """
      {'schemaVersion': 1, 'nodes': [
        {'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook', 'config': {'respond': 'respond_node'}},
        {'id': 'set', 'type': 'logic.set@1', 'name': 'Compute', 'config': {'fields': [
           {'name': 'total', 'value': '{{ trigger.body.a + trigger.body.b }}'},
           {'name': 'who', 'value': 'Hello {{ trigger.body.name }}'}]}},
        {'id': 'if', 'type': 'logic.condition@1', 'name': 'Big?', 'config': {'condition': 'nodes[\\"Compute\\"].total > 10'}},
        {'id': 'big', 'type': 'logic.respond@1', 'name': 'Big', 'config': {'status': 200, 'body': {'size': 'big', 'total': '{{ nodes[\\"Compute\\"].total }}'}}},
        {'id': 'small', 'type': 'logic.respond@1', 'name': 'Small', 'config': {'status': 200, 'body': {'size': 'small'}}}],
       'edges': [{'from': 'hook', 'to': 'set'}, {'from': 'set', 'to': 'if'},
                 {'from': 'if', 'fromPort': 'true', 'to': 'big'}, {'from': 'if', 'fromPort': 'false', 'to': 'small'}]}
      """;

  @Test
  void shouldVersionActivateAndRunAWorkflowThroughItsWebhook() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Hook Co", uniqueEmail("hooks"), PASSWORD);
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "Lead scorer", "graph", graph(RESPONDER)), token);
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("workflowId");
    assertThat(created.body().path("problems")).isEmpty();

    ApiClient.Response activated = api.post("/api/v1/workflows/" + id + "/activate", Map.of(), token);
    assertThat(activated.status()).isEqualTo(200);
    assertThat(activated.body().path("active").asBoolean()).isTrue();
    String hook = activated.text("webhookPath");
    assertThat(hook).startsWith("/hooks/");

    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hook))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\": 7, \"b\": 5, \"name\": \"Ana\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = ApiClient.JSON.readTree(answer.body());
    assertThat(body.path("size").asString()).isEqualTo("big");
    assertThat(body.path("total").asInt()).isEqualTo(12);
    String executionId = answer.headers().firstValue("X-Execution-Id").orElseThrow();

    ApiClient.Response execution = api.get("/api/v1/executions/" + executionId, token);
    assertThat(execution.body().path("summary").path("status").asString()).isEqualTo("succeeded");
    assertThat(execution.body().path("steps")).hasSize(4);
    assertThat(execution.body().path("steps").get(1).path("output").path("who").asString()).isEqualTo("Hello Ana");
    assertThat(api.get("/api/v1/executions?workflowId=" + id + "&status=succeeded", token).body()).hasSize(1);

    ApiClient.Response wrongSecret = api.post(hook.substring(0, hook.lastIndexOf('/') + 1) + "not-the-secret", Map.of(), null);
    assertThat(wrongSecret.status()).isEqualTo(404);
    assertThat(wrongSecret.text("code")).isEqualTo("unknown_webhook");
    ApiClient.Response notAKey = api.post("/hooks/not-a-workflow-key/anything", Map.of(), null);
    assertThat(notAKey.status()).isEqualTo(404);
    assertThat(notAKey.text("code")).isEqualTo("unknown_webhook");
    assertThat(api.get(hook, null).status()).as("GET is not an accepted method").isEqualTo(405);

    String big = "{\"text\": \"" + "x".repeat(1024 * 1024 + 10) + "\"}";
    HttpResponse<String> tooLarge = call(hook, big, Map.of());
    assertThat(tooLarge.statusCode()).as("a body over 1 MB").isEqualTo(413);
    assertThat(ApiClient.JSON.readTree(tooLarge.body()).path("code").asString()).isEqualTo("payload_too_large");
    HttpResponse<String> streamed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + hook)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
            big.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(streamed.statusCode()).as("the same body sent without a length").isEqualTo(413);
    assertThat(api.get("/api/v1/executions?workflowId=" + id, token).body()).as("neither started a run").hasSize(1);
  }

  @Test
  void shouldRefuseToActivateAWorkflowWithProblemsAndSayWhichStep() {
    ApiClient api = api();
    String token = api.signUpAndToken("Broken Co", uniqueEmail("broken"), PASSWORD);
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "Broken", "graph", graph("""
        {'nodes': [
          {'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook'},
          {'id': 'if', 'type': 'logic.condition@1', 'name': 'Check intent', 'config': {}},
          {'id': 'x', 'type': 'sms.teleport@9', 'name': 'Teleport'}],
         'edges': [{'from': 'hook', 'to': 'if'}, {'from': 'if', 'fromPort': 'maybe', 'to': 'x'}]}
        """)), token);
    assertThat(created.status()).as("a draft with problems can be saved").isEqualTo(201);
    assertThat(created.body().path("problems").toString()).contains("Check intent", "Teleport");
    ApiClient.Response activate = api.post("/api/v1/workflows/" + created.text("workflowId") + "/activate", Map.of(), token);
    assertThat(activate.status()).isEqualTo(400);
    assertThat(activate.text("code")).isEqualTo("invalid_workflow");
    assertThat(activate.body().path("problems").size()).isGreaterThanOrEqualTo(2);

    ApiClient.Response malformed = api.post("/api/v1/workflows", Map.of("name", "Junk", "graph",
        graph("{'nodes': 'not a list'}")), token);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.text("detail")).isNotBlank();
  }

  @Test
  void shouldKeepVersionsRefuseStaleSavesDiffAndRestore() {
    ApiClient api = api();
    String token = api.signUpAndToken("Versions Co", uniqueEmail("versions"), PASSWORD);
    String id = api.post("/api/v1/workflows", Map.of("name", "Drip", "graph", graph(RESPONDER)), token).text("workflowId");
    JsonNode changed = graph(RESPONDER.replace("'Hello ", "'Hi "));
    ApiClient.Response v2 = api.send("PUT", "/api/v1/workflows/" + id + "/graph",
        Map.of("graph", changed, "note", "friendlier", "basedOnVersion", 1), token);
    assertThat(v2.body().path("version").asInt()).isEqualTo(2);

    ApiClient.Response stale = api.send("PUT", "/api/v1/workflows/" + id + "/graph",
        Map.of("graph", changed, "basedOnVersion", 1), token);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.text("code")).isEqualTo("newer_version_exists");

    ApiClient.Response diff = api.get("/api/v1/workflows/" + id + "/diff?from=1&to=2", token);
    assertThat(diff.status()).isEqualTo(200);
    assertThat(diff.body().toString()).contains("Compute");

    ApiClient.Response restored = api.post("/api/v1/workflows/" + id + "/versions/1/restore", Map.of(), token);
    assertThat(restored.body().path("version").asInt()).isEqualTo(3);
    assertThat(api.get("/api/v1/workflows/" + id + "/versions", token).body()).hasSize(3);
    assertThat(api.get("/api/v1/workflows/" + id, token).body().path("graph").toString()).contains("Hello ");
  }

  @Test
  void shouldRunManuallyWaitAndLetThePersonResumeOrCancel() {
    ApiClient api = api();
    String token = api.signUpAndToken("Manual Co", uniqueEmail("manual"), PASSWORD);
    String id = api.post("/api/v1/workflows", Map.of("name", "Nurture", "graph", graph("""
        {'nodes': [
          {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
          {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait two days', 'config': {'duration': '2d'}},
          {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': [{'name': 'step', 'value': 'day 3'}]}}],
         'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
        """)), token).text("workflowId");
    ApiClient.Response run = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("lead", "Ann")), token);
    assertThat(run.status()).isEqualTo(201);
    assertThat(run.text("status")).isEqualTo("waiting");
    String first = run.text("id");
    ApiClient.Response detail = api.get("/api/v1/executions/" + first, token);
    assertThat(detail.body().path("waitingOn")).hasSize(1);

    ApiClient.Response resumed = api.post("/api/v1/executions/" + first + "/resume", Map.of(), token);
    assertThat(resumed.body().path("summary").path("status").asString()).isEqualTo("succeeded");
    assertThat(resumed.body().path("output").path("step").asString()).as(resumed.body().toString()).isEqualTo("day 3");

    String second = api.post("/api/v1/workflows/" + id + "/run", Map.of(), token).text("id");
    assertThat(api.post("/api/v1/executions/" + second + "/cancel", Map.of(), token).body().path("summary")
        .path("status").asString()).isEqualTo("cancelled");
    assertThat(api.post("/api/v1/executions/" + second + "/cancel", Map.of(), token).status()).isEqualTo(409);

    ApiClient.Response replay = api.post("/api/v1/executions/" + first + "/replay", Map.of("nodeId", "after"), token);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.text("status")).isEqualTo("succeeded");
    assertThat(api.get("/api/v1/executions/" + replay.text("id"), token).body().path("summary").path("replayOf").asString())
        .isEqualTo(first);
  }

  @Test
  void shouldHideOneTenantsWorkflowsAndExecutionsFromAnother() {
    ApiClient api = api();
    String a = api.signUpAndToken("Tenant A Co", uniqueEmail("wa"), PASSWORD);
    String b = api.signUpAndToken("Tenant B Co", uniqueEmail("wb"), PASSWORD);
    String workflow = api.post("/api/v1/workflows", Map.of("name", "A's flow", "graph", graph(RESPONDER)), a).text("workflowId");
    String execution = api.post("/api/v1/workflows/" + workflow + "/run",
        Map.of("payload", Map.of("body", Map.of("a", 1, "b", 2))), a).text("id");
    assertThat(api.get("/api/v1/workflows/" + workflow, b).status()).isEqualTo(404);
    assertThat(api.send("PUT", "/api/v1/workflows/" + workflow + "/graph", Map.of("graph", graph(RESPONDER)), b).status())
        .isEqualTo(404);
    assertThat(api.post("/api/v1/workflows/" + workflow + "/activate", Map.of(), b).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/workflows/" + workflow + "/run", Map.of(), b).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/executions/" + execution, b).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/executions/" + execution + "/cancel", Map.of(), b).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/workflows", b).body()).isEmpty();
    assertThat(api.get("/api/v1/executions", b).body()).isEmpty();
  }

  @Test
  void shouldResumeAWaitThroughTheQuartzTimedSweeperWhenItComesDue() throws Exception {
    ApiClient api = api();
    String email = uniqueEmail("sweeper");
    String token = api.signUpAndToken("Sweeper Co", email, PASSWORD);
    String id = api.post("/api/v1/workflows", Map.of("name", "Later", "graph", graph("""
        {'nodes': [
          {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
          {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait a day', 'config': {'duration': '1d'}},
          {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': [{'name': 'woke', 'value': true}]}}],
         'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
        """)), token).text("workflowId");
    String execution = api.post("/api/v1/workflows/" + id + "/run", Map.of(), token).text("id");
    assertThat(api.get("/api/v1/executions/" + execution, token).body().path("summary").path("status").asString())
        .isEqualTo("waiting");

    clock.advance(Duration.ofDays(1).plusSeconds(1));
    token = api.token(email, PASSWORD); // a day later the session token has expired
    String status = "waiting";
    for (int i = 0; i < 100 && !"succeeded".equals(status); i++) {
      Thread.sleep(100); // the sweeper, fired by Quartz every second, picks the now-due wait up
      status = api.get("/api/v1/executions/" + execution, token).body().path("summary").path("status").asString();
    }
    assertThat(status).isEqualTo("succeeded");
  }

  @Test
  void shouldListEveryNodeTypeWithItsPortsAndGeneratedSettingsSchema() {
    ApiClient api = api();
    String token = api.signUpAndToken("Palette Co", uniqueEmail("palette"), PASSWORD);
    JsonNode types = api.get("/api/v1/node-types", token).body();
    assertThat(types.size()).isGreaterThanOrEqualTo(12);
    JsonNode condition = null;
    JsonNode webhook = null;
    for (JsonNode t : types) {
      if ("logic.condition@1".equals(t.path("key").asString())) {
        condition = t;
      }
      if ("trigger.webhook@1".equals(t.path("key").asString())) {
        webhook = t;
      }
    }
    // what a step hands on, when known before it runs: the editor's "Insert data" list offers it
    assertThat(webhook).isNotNull();
    assertThat(webhook.path("outputSchema").path("properties").propertyNames()).contains("body", "query", "headers", "method");
    assertThat(webhook.path("outputSchema").path("properties").path("body").path("description").asString()).isNotBlank();
    assertThat(condition).isNotNull();
    assertThat(condition.path("category").asString()).isEqualTo("Logic");
    assertThat(condition.path("ports").toString()).contains("true", "false", "Yes", "No");
    assertThat(condition.path("configSchema").path("properties").path("condition").path("x-kind").asString())
        .isEqualTo("expression");
    assertThat(condition.path("outputSchema").isNull()).isTrue();
    assertThat(api.get("/api/v1/node-types", null).status()).isEqualTo(401);
  }

  private HttpResponse<String> call(String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sign(String secret, long timestamp, String body) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  @Test
  void shouldAcceptOnlySignedOrAuthorisedWebhookCalls() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Signed Co", uniqueEmail("signed"), PASSWORD);
    String credential = api.post("/api/v1/credentials", Map.of("name", "Hook secret", "type", "webhook.secret",
        "secret", Map.of("secret", "s3cret-value")), token).text("id");
    String hmacFlow = RESPONDER.replace("'config': {'respond': 'respond_node'}",
        "'config': {'respond': 'respond_node', 'auth': 'hmac', 'credentialId': '" + credential + "'}");
    String id = api.post("/api/v1/workflows", Map.of("name", "Signed", "graph", graph(hmacFlow)), token).text("workflowId");
    String hook = api.post("/api/v1/workflows/" + id + "/activate", Map.of(), token).text("webhookPath");
    String body = "{\"a\": 20, \"b\": 1, \"name\": \"Bo\"}";
    long now = clock.instant().getEpochSecond();

    assertThat(call(hook, body, Map.of()).statusCode()).as("unsigned").isEqualTo(401);
    assertThat(call(hook, body, Map.of("X-Signature", sign("s3cret-value", now, body),
        "X-Signature-Timestamp", Long.toString(now))).statusCode()).as("signed").isEqualTo(200);
    HttpResponse<String> replayed = call(hook, body, Map.of("X-Signature", sign("s3cret-value", now, body),
        "X-Signature-Timestamp", Long.toString(now)));
    assertThat(replayed.statusCode()).as("the same signed call again").isEqualTo(409);
    assertThat(ApiClient.JSON.readTree(replayed.body()).path("code").asString()).isEqualTo("webhook_replayed");
    assertThat(api.get("/api/v1/executions?workflowId=" + id, token).body()).as("the replay ran nothing").hasSize(1);
    assertThat(call(hook, body, Map.of("X-Signature", sign("s3cret-value", now + 1, body),
        "X-Signature-Timestamp", Long.toString(now + 1))).statusCode()).as("signed anew").isEqualTo(200);
    assertThat(call(hook, body.replace("20", "99"), Map.of("X-Signature", sign("s3cret-value", now, body),
        "X-Signature-Timestamp", Long.toString(now))).statusCode()).as("tampered").isEqualTo(401);
    long stale = now - 600;
    assertThat(call(hook, body, Map.of("X-Signature", sign("s3cret-value", stale, body),
        "X-Signature-Timestamp", Long.toString(stale))).statusCode()).as("stale").isEqualTo(401);

    String headerFlow = RESPONDER.replace("'config': {'respond': 'respond_node'}",
        "'config': {'respond': 'respond_node', 'auth': 'header', 'headerName': 'X-Hook-Key', 'credentialId': '" + credential + "'}");
    String id2 = api.post("/api/v1/workflows", Map.of("name", "Header", "graph", graph(headerFlow)), token).text("workflowId");
    String hook2 = api.post("/api/v1/workflows/" + id2 + "/activate", Map.of(), token).text("webhookPath");
    assertThat(call(hook2, body, Map.of("X-Hook-Key", "wrong")).statusCode()).isEqualTo(401);
    assertThat(call(hook2, body, Map.of("X-Hook-Key", "s3cret-value")).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRunAScheduledWorkflowFromItsQuartzCronTriggerWhileActive() throws Exception {
    ApiClient api = api();
    String email = uniqueEmail("cron");
    String token = api.signUpAndToken("Cron Co", email, PASSWORD);
    ApiClient.Response bad = api.post("/api/v1/workflows", Map.of("name", "Bad cron", "graph", graph("""
        {'nodes': [{'id': 'tick', 'type': 'trigger.schedule@1', 'name': 'Tick', 'config': {'cron': 'every day at nine'}}], 'edges': []}
        """)), token);
    ApiClient.Response refused = api.post("/api/v1/workflows/" + bad.text("workflowId") + "/activate", Map.of(), token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().path("problems").toString()).contains("Tick", "not a schedule");

    String id = api.post("/api/v1/workflows", Map.of("name", "Every second", "graph", graph("""
        {'nodes': [
          {'id': 'tick', 'type': 'trigger.schedule@1', 'name': 'Tick', 'config': {'cron': '* * * * * ?'}},
          {'id': 'note', 'type': 'logic.set@1', 'name': 'Note', 'config': {'fields': [{'name': 'at', 'value': '{{ trigger.scheduledFor }}'}]}}],
         'edges': [{'from': 'tick', 'to': 'note'}]}
        """)), token).text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + id + "/activate", Map.of(), token).status()).isEqualTo(200);
    int runs = 0;
    for (int i = 0; i < 100 && runs == 0; i++) {
      Thread.sleep(100); // Quartz fires the cron trigger every second
      token = api.token(email, PASSWORD);
      runs = api.get("/api/v1/executions?workflowId=" + id + "&status=succeeded", token).body().size();
    }
    assertThat(runs).isPositive();
    JsonNode first = api.get("/api/v1/executions?workflowId=" + id, token).body().get(0);
    assertThat(first.path("triggerKind").asString()).isEqualTo("schedule");

    api.post("/api/v1/workflows/" + id + "/deactivate", Map.of(), token);
    Thread.sleep(1500); // a firing already under way may still finish
    int afterOff = api.get("/api/v1/executions?workflowId=" + id, token).body().size();
    Thread.sleep(2500);
    assertThat(api.get("/api/v1/executions?workflowId=" + id, token).body().size())
        .as("no runs once switched off").isEqualTo(afterOff);
  }
}
