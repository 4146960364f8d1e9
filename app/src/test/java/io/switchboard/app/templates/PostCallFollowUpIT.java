package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "Post-call follow-up" template for a fresh workspace, driven by signed call-ended
 * webhooks in the sandbox: a caller who wants to book gets the booking link on WhatsApp, another a
 * summary by SMS, and every call leaves a note on the caller's timeline.
 */
class PostCallFollowUpIT extends IntegrationTestBase {

  @Test
  void shouldFollowUpEachEndedCallAsTheTemplateSays() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Smile Dental", uniqueEmail("calls"), "post-call-pass-1");
    JsonNode gallery = api.get("/api/v1/templates", token).body().path("templates");
    String templateId = StreamSupport.stream(gallery.spliterator(), false)
        .filter(t -> t.path("slug").asString().equals("post-call-follow-up")).findFirst().orElseThrow().path("id").asString();

    String number = "+1555920" + (1000 + System.nanoTime() % 9000);
    api.post("/api/v1/phone-numbers", Map.of("number", number), token);
    var made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
        "inputs", Map.of("number", number, "bookingLink", "https://cal.com/smile-dental/checkup")), token);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
    assertThat(made.body().path("active").asBoolean()).isTrue();
    assertThat(made.body().path("connectedNumber").asString()).isEqualTo(number);
    assertThat(api.get("/api/v1/phone-numbers", token).body().get(0).path("voiceWorkflowId").asString())
        .isEqualTo(made.body().path("workflowId").asString());

    String booker = "+15559300001";
    var call = api.post("/api/v1/sandbox/simulate/call-ended", Map.of("from", booker, "to", number, "durationSeconds", 95,
        "summary", "Asked for a check-up next week.", "intent", "booking", "transcript", "Hi, I'd like to book a check-up"), token);
    assertThat(call.body().path("webhookStatus").asInt()).isEqualTo(200);
    JsonNode whatsapp = awaitOutbox(api, token, "whatsapp");
    assertThat(whatsapp.path("to").asString()).isEqualTo(booker);
    assertThat(whatsapp.path("from").asString()).isEqualTo(number);
    assertThat(whatsapp.path("body").asString()).contains("https://cal.com/smile-dental/checkup");

    String asker = "+15559300002";
    api.post("/api/v1/sandbox/simulate/call-ended", Map.of("from", asker, "to", number, "durationSeconds", 40,
        "summary", "Asked about opening hours; we open at 8.", "intent", "question"), token);
    JsonNode sms = awaitOutbox(api, token, "sms");
    assertThat(sms.path("to").asString()).isEqualTo(asker);
    assertThat(sms.path("body").asString()).isEqualTo("Thanks for calling! Asked about opening hours; we open at 8.");

    for (String caller : new String[] {booker, asker}) {
      JsonNode contact = api.get("/api/v1/contacts?q=" + URLEncoder.encode(caller, StandardCharsets.UTF_8), token).body().get(0);
      JsonNode timeline = awaitNote(api, token, contact.path("id").asString());
      assertThat(timeline.toString()).contains("Call ended after").contains("Intent:");
    }
  }

  private JsonNode awaitOutbox(ApiClient api, String token, String channel) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      JsonNode outbox = api.get("/api/v1/sandbox/outbox?channel=" + channel, token).body();
      if (!outbox.isEmpty()) {
        return outbox.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("nothing sent by " + channel);
  }

  private JsonNode awaitNote(ApiClient api, String token, String contactId) throws InterruptedException {
    JsonNode timeline = null;
    for (int i = 0; i < 200; i++) {
      timeline = api.get("/api/v1/contacts/" + contactId + "/activities", token).body();
      if (timeline.toString().contains("\"note\"")) {
        return timeline;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no note on the timeline: " + timeline);
  }
}
