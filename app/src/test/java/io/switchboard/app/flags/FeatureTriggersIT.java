package io.switchboard.app.flags;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feature flags at the trigger, driven by genuinely signed inbound webhooks: with {@code sms_followup}
 * switched off by the workspace, a text to its number starts no run and costs no run of the month,
 * and the refusal names the flag and how to switch it back on; with {@code appointment_reminders}
 * kept from the workspace by the platform, a Cal.com booking starts nothing and a test run is
 * answered 403 with the same reason. Switched back on, the same events start their runs.
 */
class FeatureTriggersIT extends IntegrationTestBase {

  private static final String PASSWORD = "trigger-flags-1";

  private static final String RESPONDER = """
      {'nodes': [
        {'id': 'in', 'type': 'trigger.sms@1', 'name': 'Incoming', 'config': {'channel': 'any'}},
        {'id': 'reply', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '{{ trigger.from }}',
           'body': 'You said: {{ trigger.body }}'}}],
       'edges': [{'from': 'in', 'to': 'reply'}]}
      """;

  private static final String BOOKING = """
      {'nodes': [{'id': 'booked', 'type': 'trigger.booking@1', 'name': 'Booked', 'config': {'events': 'created'}},
                 {'id': 'set', 'type': 'logic.set@1', 'name': 'Who', 'config': {'fields': [
                    {'name': 'who', 'value': '{{ trigger.attendee.name }}'}]}}],
       'edges': [{'from': 'booked', 'to': 'set'}]}
      """;

  @Test
  void shouldStartNoRunAtATriggerWhoseFeatureIsOffAndRecordWhy() {
    ApiClient api = api();
    String token = api.signUpAndToken("Quiet Clinic", uniqueEmail("trigger-flags"), PASSWORD);
    String tenant = api.get("/api/v1/me", token).text("tenantId");
    String suffix = String.valueOf(1000 + System.nanoTime() % 9000);
    String number = "+1555710" + suffix;
    String customer = "+1555720" + suffix;
    String responder = activate(api, token, "Responder", RESPONDER);
    assertThat(api.post("/api/v1/phone-numbers", Map.of("number", number, "workflowId", responder), token).status())
        .isEqualTo(201);

    // the workspace switches SMS follow-ups off: a signed inbound text starts nothing and costs nothing
    assertThat(api.send("PUT", "/api/v1/flags/sms_followup", Map.of("enabled", false), token).status()).isEqualTo(200);
    text(api, token, customer, number, "Are you open today?");
    JsonNode refusal = refusal(api, token, "sms");
    assertThat(refusal.path("code").asString()).isEqualTo("feature_disabled");
    assertThat(refusal.path("workflowId").asString()).isEqualTo(responder);
    assertThat(refusal.path("reason").asString())
        .contains("No run started by an incoming text or WhatsApp message")
        .contains("SMS follow-ups are switched off for this workspace (flag sms_followup)")
        .contains("A workspace administrator switched this feature off")
        .contains("A workspace admin can switch it back on");
    assertThat(api.get("/api/v1/executions?workflowId=" + responder, token).body()).as("no run started").isEmpty();
    assertThat(api.get("/api/v1/usage", token).body().path("used").path("executions_per_month").asLong())
        .as("a run refused for its feature takes nothing of the month's allowance").isZero();
    assertThat(api.get("/api/v1/sandbox/outbox", token).body()).as("nothing was answered").isEmpty();

    // the platform keeps appointment reminders from this workspace: a booking starts nothing, a test run is refused
    String reminders = activate(api, token, "Reminders", BOOKING);
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    assertThat(api.send("PUT", "/api/v1/admin/flags/appointment_reminders", Map.of("denyTenants", List.of(tenant)), admin)
        .status()).isEqualTo(200);
    try {
      book(api, token, "Ana Lima");
      JsonNode booking = refusal(api, token, "calcom");
      assertThat(booking.path("code").asString()).isEqualTo("feature_disabled");
      assertThat(booking.path("workflowId").asString()).isEqualTo(reminders);
      assertThat(booking.path("reason").asString()).contains("No run started by a booking")
          .contains("Appointment reminders are switched off for this workspace (flag appointment_reminders)")
          .contains("Ask the platform's administrator to switch it on");
      assertThat(api.get("/api/v1/executions?workflowId=" + reminders, token).body()).isEmpty();
      var testRun = api.post("/api/v1/workflows/" + reminders + "/run", Map.of(), token);
      assertThat(testRun.status()).isEqualTo(403);
      assertThat(testRun.body().path("code").asString()).isEqualTo("feature_disabled");
      assertThat(testRun.body().path("detail").asString()).contains("flag appointment_reminders");
    } finally {
      api.send("PUT", "/api/v1/admin/flags/appointment_reminders", Map.of("denyTenants", List.of()), admin);
    }

    // switched back on, the same events start their runs
    book(api, token, "Ben Okafor");
    Await.until("the booking's run", () -> api.get("/api/v1/executions?workflowId=" + reminders + "&status=succeeded", token)
        .body(), l -> l.size() == 1);
    assertThat(api.send("PUT", "/api/v1/flags/sms_followup", Map.of("enabled", true), token).status()).isEqualTo(200);
    text(api, token, customer, number, "Are you open tomorrow?");
    JsonNode answered = Await.until("the answer in the outbox", () -> api.get("/api/v1/sandbox/outbox", token).body(),
        o -> o.size() == 1);
    assertThat(answered.get(0).path("body").asString()).isEqualTo("You said: Are you open tomorrow?");
    assertThat(api.get("/api/v1/executions?workflowId=" + responder, token).body()).as("one run per text let in").hasSize(1);
    assertThat(api.get("/api/v1/executions?workflowId=" + reminders, token).body()).hasSize(1);
  }

  /** The workspace's refused run started by {@code triggerKind} (the test's clock stands still, so they share a time). */
  private static JsonNode refusal(ApiClient api, String token, String triggerKind) {
    JsonNode refusals = api.get("/api/v1/usage", token).body().path("recentRefusals");
    List<JsonNode> matching = new java.util.ArrayList<>();
    refusals.forEach(r -> {
      if (r.path("triggerKind").asString().equals(triggerKind)) {
        matching.add(r);
      }
    });
    assertThat(matching).as("one refusal of a " + triggerKind + " run in " + refusals).hasSize(1);
    return matching.getFirst();
  }

  private static String activate(ApiClient api, String token, String name, String graph) {
    var created = api.post("/api/v1/workflows", Map.of("name", name, "graph", graph(graph)), token);
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String id = created.text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + id + "/activate", Map.of(), token).status()).isEqualTo(200);
    return id;
  }

  private static void text(ApiClient api, String token, String from, String to, String body) {
    var sent = api.post("/api/v1/sandbox/simulate/sms", Map.of("from", from, "to", to, "body", body), token);
    assertThat(sent.status()).as(sent.body().toString()).isEqualTo(200);
    assertThat(sent.body().path("webhookStatus").asInt()).isEqualTo(200);
  }

  private static void book(ApiClient api, String token, String attendee) {
    var booked = api.post("/api/v1/sandbox/simulate/booking", Map.of("event", "created", "attendeeName", attendee,
        "attendeePhone", "+15557778888"), token);
    assertThat(booked.status()).as(booked.body().toString()).isEqualTo(200);
    assertThat(booked.body().path("webhookStatus").asInt()).isEqualTo(200);
  }
}
