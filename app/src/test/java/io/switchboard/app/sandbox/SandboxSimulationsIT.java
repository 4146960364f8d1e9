package io.switchboard.app.sandbox;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's "simulate e-mail event" and "simulate booking": genuinely signed SendGrid and
 * Cal.com webhooks to the real endpoints, which update the e-mail's status and start the booking
 * workflow; the same requests unsigned are refused.
 */
class SandboxSimulationsIT extends IntegrationTestBase {

  private static final String MAIL = """
      {'nodes': [{'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
                 {'id': 'mail', 'type': 'email.send@1', 'name': 'Mail', 'config': {'to': 'ana@example.com',
                  'subject': 'Welcome', 'html': '<p>Hello Ana</p>', 'from': 'team@example.com'}}],
       'edges': [{'from': 'start', 'to': 'mail'}]}
      """;

  private static final String BOOKING = """
      {'nodes': [{'id': 'booked', 'type': 'trigger.booking@1', 'name': 'Booked', 'config': {'events': 'created'}},
                 {'id': 'set', 'type': 'logic.set@1', 'name': 'Who', 'config': {'fields': [
                    {'name': 'who', 'value': '{{ trigger.attendee.name }}'}]}}],
       'edges': [{'from': 'booked', 'to': 'set'}]}
      """;

  @Test
  void shouldSimulateSignedEmailEventsAndBookings() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Sim Co", uniqueEmail("sim"), "simulate-pass-1");

    String mailFlow = api.post("/api/v1/workflows", Map.of("name", "Mail", "graph", graph(MAIL)), token).text("workflowId");
    var run = api.post("/api/v1/workflows/" + mailFlow + "/run", Map.of(), token);
    assertThat(run.status()).as(run.body().toString()).isEqualTo(201);
    JsonNode message = api.get("/api/v1/messages?channel=email", token).body().get(0);
    assertThat(message.path("provider").asString()).isEqualTo("sandbox");

    var delivered = api.post("/api/v1/sandbox/simulate/email-event", Map.of("messageId", message.path("id").asString(),
        "event", "delivered"), token);
    assertThat(delivered.status()).as(delivered.body().toString()).isEqualTo(200);
    assertThat(delivered.body().path("webhookStatus").asInt()).isEqualTo(200);
    assertThat(awaitStatus(api, token, message.path("id").asString(), "delivered")).isTrue();
    var bounced = api.post("/api/v1/sandbox/simulate/email-event", Map.of("messageId", message.path("id").asString(),
        "event", "bounce", "reason", "550 mailbox unknown"), token);
    assertThat(bounced.body().path("webhookStatus").asInt()).isEqualTo(200);
    assertThat(awaitStatus(api, token, message.path("id").asString(), "bounced")).isTrue();
    assertThat(api.post("/api/v1/sandbox/simulate/email-event", Map.of("messageId", message.path("id").asString(),
        "event", "exploded"), token).status()).isEqualTo(400);

    String bookingFlow = api.post("/api/v1/workflows", Map.of("name", "Booking", "graph", graph(BOOKING)), token).text("workflowId");
    assertThat(api.post("/api/v1/workflows/" + bookingFlow + "/activate", Map.of(), token).status()).isEqualTo(200);
    var booked = api.post("/api/v1/sandbox/simulate/booking", Map.of("event", "created", "attendeeName", "Ana Lima",
        "attendeePhone", "+15557778888"), token);
    assertThat(booked.status()).as(booked.body().toString()).isEqualTo(200);
    assertThat(booked.body().path("webhookStatus").asInt()).isEqualTo(200);
    JsonNode execution = null;
    for (int i = 0; i < 100 && execution == null; i++) {
      JsonNode list = api.get("/api/v1/executions?workflowId=" + bookingFlow + "&status=succeeded", token).body();
      execution = list.isEmpty() ? null : list.get(0);
      Thread.sleep(100);
    }
    assertThat(execution).as("the booking workflow ran").isNotNull();
    JsonNode detail = api.get("/api/v1/executions/" + execution.path("id").asString(), token).body();
    assertThat(detail.toString()).contains("Ana Lima");
  }

  private boolean awaitStatus(ApiClient api, String token, String messageId, String status) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      for (JsonNode m : api.get("/api/v1/messages?channel=email", token).body()) {
        if (m.path("id").asString().equals(messageId) && m.path("status").asString().equals(status)) {
          return true;
        }
      }
      Thread.sleep(100);
    }
    return false;
  }
}
