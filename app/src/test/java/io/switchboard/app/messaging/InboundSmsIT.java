package io.switchboard.app.messaging;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.sandbox.SandboxAccounts;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inbound SMS end to end on the real application: a Twilio-signed message to a workspace's number
 * starts that workspace's workflow, which finds the contact, answers through the real Twilio SDK
 * (into the sandbox outbox), waits for the reply and resumes when it arrives; another workspace's
 * number runs that workspace's workflow and nothing crosses over. Signatures, replays, STOP/START.
 */
class InboundSmsIT extends IntegrationTestBase {

  private static final String PASSWORD = "messaging-pass-1";

  private static final String RESPONDER = """
      {'nodes': [
        {'id': 'in', 'type': 'trigger.sms@1', 'name': 'Incoming', 'config': {'channel': 'any'}},
        {'id': 'find', 'type': 'crm.find-contact@1', 'name': 'Find contact', 'config': {'phone': '{{ trigger.from }}', 'createIfMissing': true}},
        {'id': 'reply', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '{{ trigger.from }}',
           'body': '%s here. You said: {{ trigger.body }} (contact {{ nodes[\\"Find contact\\"].contact.phone }})'}},
        {'id': 'wait', 'type': 'sms.wait-reply@1', 'name': 'Wait', 'config': {'from': '{{ trigger.from }}', 'timeout': '2d'}},
        {'id': 'thanks', 'type': 'sms.send@1', 'name': 'Thanks', 'config': {'to': '{{ trigger.from }}',
           'body': 'Thanks for answering: {{ nodes[\\"Wait\\"].body }}'}}],
       'edges': [{'from': 'in', 'to': 'find'}, {'from': 'find', 'fromPort': 'found', 'to': 'reply'},
                 {'from': 'reply', 'to': 'wait'}, {'from': 'wait', 'fromPort': 'replied', 'to': 'thanks'}]}
      """;

  @Autowired
  SwitchboardProperties props;

  @Autowired
  SandboxAccounts sandbox;

  record Workspace(String token, String number, String workflowId) {}

  private Workspace workspace(ApiClient api, String company, String number) {
    String token = api.signUpAndToken(company, uniqueEmail("sms"), PASSWORD);
    var created = api.post("/api/v1/workflows", Map.of("name", "Responder", "graph", graph(RESPONDER.formatted(company))), token);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().path("problems")).as(created.body().toString()).isEmpty();
    String workflowId = created.text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/activate", Map.of(), token).status()).isEqualTo(200);
    var attached = api.post("/api/v1/phone-numbers", Map.of("number", number, "friendlyName", company + " main",
        "workflowId", workflowId), token);
    assertThat(attached.status()).as(attached.body().toString()).isEqualTo(201);
    assertThat(attached.body().path("sandbox").asBoolean()).isTrue();
    return new Workspace(token, number, workflowId);
  }

  @Test
  void shouldAnswerWaitAndResumeOnReplyForTheRightWorkspaceOnly() throws Exception {
    ApiClient api = api();
    String suffix = String.valueOf(System.nanoTime() % 100000);
    Workspace a = workspace(api, "Alpha Dental", "+1555100" + pad(suffix));
    Workspace b = workspace(api, "Beta Plumbing", "+1555200" + pad(suffix));
    String customer = "+1555300" + pad(suffix);

    var sent = api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", a.number(), "body", "Do you open on Sunday?"), a.token());
    assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    assertThat(sent.body().path("webhookStatus").asInt()).isEqualTo(200);

    JsonNode waiting = awaitExecution(api, a, e -> "waiting".equals(e.path("status").asString()));
    JsonNode outboxA = awaitOutbox(api, a, 1);
    assertThat(outboxA.get(0).path("channel").asString()).isEqualTo("sms");
    assertThat(outboxA.get(0).path("from").asString()).as("sent from A's own number").isEqualTo(a.number());
    assertThat(outboxA.get(0).path("to").asString()).isEqualTo(customer);
    assertThat(outboxA.get(0).path("body").asString())
        .isEqualTo("Alpha Dental here. You said: Do you open on Sunday? (contact " + customer + ")");
    assertThat(outboxA.get(0).path("request").path("StatusCallback").asString()).endsWith("/hooks/twilio/status");

    var contacts = api.get("/api/v1/contacts?q=" + URLEncoder.encode(customer, StandardCharsets.UTF_8), a.token()).body();
    assertThat(contacts).hasSize(1);
    String contactId = contacts.get(0).path("id").asString();

    // the reply resumes the waiting execution instead of starting a new one
    var reply = api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", a.number(), "body", "Great, see you"), a.token());
    assertThat(reply.body().path("webhookStatus").asInt()).isEqualTo(200);
    String executionId = waiting.path("id").asString();
    awaitExecution(api, a, e -> e.path("id").asString().equals(executionId) && "succeeded".equals(e.path("status").asString()));
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body()).hasSize(1);
    JsonNode outbox = awaitOutbox(api, a, 2);
    assertThat(outbox).extracting(o -> o.path("body").asString()).contains("Thanks for answering: Great, see you");

    // delivery callbacks from the sandbox move the sent messages to delivered
    awaitTrue(() -> {
      JsonNode messages = api.get("/api/v1/messages?contactId=" + contactId + "&channel=sms", a.token()).body();
      return messages.size() == 4 && java.util.stream.StreamSupport.stream(messages.spliterator(), false)
          .filter(m -> m.path("direction").asString().equals("outbound"))
          .allMatch(m -> m.path("status").asString().equals("delivered"));
    }, "both replies delivered");
    JsonNode timeline = api.get("/api/v1/contacts/" + contactId + "/activities", a.token()).body();
    assertThat(timeline).extracting(t -> t.path("kind").asString()).contains("created", "message");
    assertThat(timeline.size()).isGreaterThanOrEqualTo(5);

    // the same customer texting B's number runs B's workflow; A sees none of it
    var toB = api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", b.number(), "body", "Leaking tap"), b.token());
    assertThat(toB.body().path("webhookStatus").asInt()).isEqualTo(200);
    awaitExecution(api, b, e -> "waiting".equals(e.path("status").asString()));
    JsonNode outboxB = awaitOutbox(api, b, 1);
    assertThat(outboxB.get(0).path("from").asString()).isEqualTo(b.number());
    assertThat(outboxB.get(0).path("body").asString()).startsWith("Beta Plumbing here. You said: Leaking tap");
    assertThat(api.get("/api/v1/sandbox/outbox", a.token()).body()).hasSize(2);
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body()).hasSize(1);
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), b.token()).body()).isEmpty();
    assertThat(api.get("/api/v1/contacts/" + contactId, b.token()).status()).isEqualTo(404);
    // A simulating to B's number is refused: not one of A's numbers
    assertThat(api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", b.number(), "body", "x"), a.token()).status())
        .isEqualTo(400);
  }

  @Test
  void shouldRefuseUnsignedTamperedAndUnknownWebhooksAlikeAndIgnoreReplays() throws Exception {
    ApiClient api = api();
    String suffix = pad(String.valueOf(System.nanoTime() % 100000));
    Workspace a = workspace(api, "Gamma Gyms", "+1555400" + suffix);
    String customer = "+1555500" + suffix;
    TenantId tenant = tenantOf(api, a);
    String token = sandbox.twilio(tenant).authToken();
    String url = publicUrl("/hooks/twilio/sms");

    Map<String, String> params = inbound(SandboxAccounts.twilioSid(tenant), customer, a.number(), "Hello there");
    String signature = io.switchboard.app.providers.TwilioSignatures.sign(token, url, params);

    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("Body", "Hello there, send me everything");
    HttpResponse<String> forged = post("/hooks/twilio/sms", tampered, signature);
    HttpResponse<String> unsigned = post("/hooks/twilio/sms", params, null);
    Map<String, String> elsewhere = new LinkedHashMap<>(params);
    elsewhere.put("To", "+19990000000");
    HttpResponse<String> unknown = post("/hooks/twilio/sms", elsewhere,
        io.switchboard.app.providers.TwilioSignatures.sign(token, url, elsewhere));
    HttpResponse<String> wrongKey = post("/hooks/twilio/sms", params,
        io.switchboard.app.providers.TwilioSignatures.sign("not-the-token", url, params));
    for (HttpResponse<String> refused : List.of(forged, unsigned, unknown, wrongKey)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).as("no difference between an unknown number and a bad signature")
          .isEqualTo(forged.body());
    }
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body()).isEmpty();

    HttpResponse<String> genuine = post("/hooks/twilio/sms", params, signature);
    assertThat(genuine.statusCode()).isEqualTo(200);
    assertThat(genuine.body()).contains("<Response/>");
    awaitExecution(api, a, e -> true);
    HttpResponse<String> replay = post("/hooks/twilio/sms", params, signature);
    assertThat(replay.statusCode()).as("a provider retry is answered").isEqualTo(200);
    Thread.sleep(500);
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body())
        .as("but not processed twice").hasSize(1);
  }

  @Test
  void shouldHonourStopAndStartAndRefuseToMessageAnOptedOutContact() throws Exception {
    ApiClient api = api();
    String suffix = pad(String.valueOf(System.nanoTime() % 100000));
    Workspace a = workspace(api, "Delta Dogs", "+1555600" + suffix);
    String customer = "+1555700" + suffix;

    assertThat(api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", a.number(), "body", " stop "), a.token())
        .body().path("webhookStatus").asInt()).isEqualTo(200);
    JsonNode contact = api.get("/api/v1/contacts?q=" + URLEncoder.encode(customer, StandardCharsets.UTF_8), a.token()).body().get(0);
    assertThat(contact.path("smsOptedOut").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body()).as("STOP starts nothing").isEmpty();

    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", a.number(), "body", "what are your prices"), a.token());
    JsonNode failed = awaitExecution(api, a, e -> "failed".equals(e.path("status").asString()));
    JsonNode detail = api.get("/api/v1/executions/" + failed.path("id").asString(), a.token()).body();
    assertThat(detail.toString()).contains("replied STOP").contains("opted_out");
    assertThat(api.get("/api/v1/sandbox/outbox", a.token()).body()).as("nothing was sent").isEmpty();
    JsonNode refused = api.get("/api/v1/messages?contactId=" + contact.path("id").asString(), a.token()).body();
    assertThat(refused).anySatisfy(m -> {
      assertThat(m.path("status").asString()).isEqualTo("refused");
      assertThat(m.path("error").asString()).contains("replied STOP");
    });

    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", customer, "to", a.number(), "body", "START"), a.token());
    assertThat(api.get("/api/v1/contacts/" + contact.path("id").asString(), a.token()).body().path("smsOptedOut").asBoolean()).isFalse();
  }

  private TenantId tenantOf(ApiClient api, Workspace w) {
    JsonNode me = api.get("/api/v1/me", w.token()).body();
    return TenantId.of(me.path("tenantId").asString());
  }

  private String publicUrl(String path) {
    String base = props.publicBaseUrl();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
  }

  private static Map<String, String> inbound(String accountSid, String from, String to, String body) {
    String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> p = new LinkedHashMap<>();
    p.put("AccountSid", accountSid);
    p.put("MessageSid", sid);
    p.put("From", from);
    p.put("To", to);
    p.put("Body", body);
    p.put("NumMedia", "0");
    return p;
  }

  private HttpResponse<String> post(String path, Map<String, String> params, String signature) throws Exception {
    StringJoiner form = new StringJoiner("&");
    params.forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitExecution(ApiClient api, Workspace w, Predicate<JsonNode> matching) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = api.get("/api/v1/executions?workflowId=" + w.workflowId(), w.token()).body();
      for (JsonNode e : last) {
        if (matching.test(e)) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no matching execution; last seen: " + last);
  }

  private JsonNode awaitOutbox(ApiClient api, Workspace w, int size) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = api.get("/api/v1/sandbox/outbox", w.token()).body();
      if (last.size() >= size) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("outbox has " + (last == null ? 0 : last.size()) + " entries, expected " + size);
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(150);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }

  private static String pad(String s) {
    return "0".repeat(Math.max(0, 5 - s.length())) + s;
  }
}
