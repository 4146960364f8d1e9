package io.switchboard.app.calendar;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cal.com on the real application: a genuinely signed booking starts the workspace's booking
 * workflow, which waits on {@code booking:<uid>}; the signed reschedule resumes it; tampered,
 * stale, wrong-secret and unknown-workspace deliveries are refused alike, and a replay is ignored.
 */
class CalcomWebhookIT extends IntegrationTestBase {

  private static final String PASSWORD = "calcom-pass-123";
  private static final String SECRET = "whsec-calcom-test";
  private static final String REMINDERS = """
      {'nodes': [
        {'id': 'booked', 'type': 'trigger.booking@1', 'name': 'Booked', 'config': {'events': 'created'}},
        {'id': 'wait', 'type': 'logic.wait-event@1', 'name': 'Until it changes', 'config': {
          'eventKey': 'booking:{{ trigger.uid }}', 'timeout': '30d'}}],
       'edges': [{'from': 'booked', 'to': 'wait'}]}
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  record Workspace(String token, TenantId tenant, String workflowId) {}

  private Workspace workspace(ApiClient api, String company) {
    String token = api.signUpAndToken(company, uniqueEmail("cal"), PASSWORD);
    assertThat(api.post("/api/v1/credentials", Map.of("name", "Cal.com", "type", "calcom", "secret",
        Map.of("webhookSecret", SECRET)), token).status()).isEqualTo(201);
    var created = api.post("/api/v1/workflows", Map.of("name", "Reminders", "graph", graph(REMINDERS)), token);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(created.body().path("problems")).as(created.body().toString()).isEmpty();
    String workflowId = created.text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + workflowId + "/activate", Map.of(), token).status()).isEqualTo(200);
    TenantId tenant = TenantId.of(api.get("/api/v1/me", token).body().path("tenantId").asString());
    return new Workspace(token, tenant, workflowId);
  }

  private static String booking(String event, String uid, String rescheduleUid, Instant createdAt) {
    return """
        {"triggerEvent":"%s","createdAt":"%s","payload":{"type":"consultation","title":"Consultation","uid":"%s",%s
        "startTime":"2026-12-01T15:00:00Z","endTime":"2026-12-01T15:30:00Z",
        "organizer":{"name":"Owner","email":"owner@delta.test"},
        "attendees":[{"name":"Hana","email":"hana@example.com","timeZone":"Europe/Paris"}]}}
        """.formatted(event, createdAt, uid, rescheduleUid == null ? "" : "\"rescheduleUid\":\"" + rescheduleUid + "\",");
  }

  @Test
  void shouldStartTheBookingWorkflowAndResumeItOnTheReschedule() throws Exception {
    ApiClient api = api();
    Workspace a = workspace(api, "Delta Dental");
    Workspace b = workspace(api, "Echo Eyecare");
    String uid = "bk-" + UUID.randomUUID();

    String created = booking("BOOKING_CREATED", uid, null, clock.instant());
    HttpResponse<String> genuine = post(a.tenant(), created, CalcomSignature.sign(SECRET, created.getBytes(StandardCharsets.UTF_8)));
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(200);
    JsonNode waiting = awaitExecution(api, a, e -> "waiting".equals(e.path("status").asString()));

    HttpResponse<String> replay = post(a.tenant(), created, CalcomSignature.sign(SECRET, created.getBytes(StandardCharsets.UTF_8)));
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("duplicate");

    String newUid = "bk-" + UUID.randomUUID();
    String moved = booking("BOOKING_RESCHEDULED", newUid, uid, clock.instant());
    assertThat(post(a.tenant(), moved, CalcomSignature.sign(SECRET, moved.getBytes(StandardCharsets.UTF_8))).statusCode())
        .isEqualTo(200);
    String executionId = waiting.path("id").asString();
    awaitExecution(api, a, e -> e.path("id").asString().equals(executionId) && "succeeded".equals(e.path("status").asString()));
    JsonNode detail = api.get("/api/v1/executions/" + executionId, a.token()).body();
    assertThat(detail.path("output").path("event").asString()).as(detail.toString()).isEqualTo("rescheduled");
    assertThat(detail.path("output").path("uid").asString()).isEqualTo(newUid);
    assertThat(detail.path("output").path("previous_uid").asString()).isEqualTo(uid);
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body())
        .as("a reschedule starts no second 'created' workflow, and the replay started nothing").hasSize(1);
    assertThat(api.get("/api/v1/executions?workflowId=" + b.workflowId(), b.token()).body()).isEmpty();
  }

  @Test
  void shouldRefuseTamperedStaleWrongSecretAndUnknownWorkspaceDeliveriesAlike() throws Exception {
    ApiClient api = api();
    Workspace a = workspace(api, "Foxtrot Physio");
    String body = booking("BOOKING_CREATED", "bk-" + UUID.randomUUID(), null, clock.instant());
    String signature = CalcomSignature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8));
    String staleBody = booking("BOOKING_CREATED", "bk-" + UUID.randomUUID(), null, clock.instant().minus(Duration.ofMinutes(20)));

    HttpResponse<String> tampered = post(a.tenant(), body.replace("Hana", "Mallory"), signature);
    HttpResponse<String> stale = post(a.tenant(), staleBody, CalcomSignature.sign(SECRET, staleBody.getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> wrongSecret = post(a.tenant(), body, CalcomSignature.sign("guessed", body.getBytes(StandardCharsets.UTF_8)));
    HttpResponse<String> unknown = post(TenantId.random(), body, signature);
    HttpResponse<String> unsigned = post(a.tenant(), body, null);
    for (HttpResponse<String> refused : List.of(tampered, stale, wrongSecret, unknown, unsigned)) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.body()).as("an unknown workspace looks like a bad signature").isEqualTo(tampered.body());
    }
    Thread.sleep(300);
    assertThat(api.get("/api/v1/executions?workflowId=" + a.workflowId(), a.token()).body()).isEmpty();
  }

  private HttpResponse<String> post(TenantId tenant, String body, String signature) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/calcom/" + tenant.value()))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(CalcomSignature.HEADER, signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
}
