package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.Runs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "Lead-nurture drip" for a fresh workspace in the sandbox, days passing on the test's
 * clock: a lead who never answers gets the day-1 and day-3 texts, the e-mail, and is tagged cold; a
 * lead who replies after the first text stops the drip and the team is told.
 */
class LeadNurtureDripIT extends IntegrationTestBase {

  private static final String PASSWORD = "drip-pass-123";

  @Test
  void shouldDripTextsAndAnEmailThenTagColdOrStopOnAReply() throws Exception {
    ApiClient api = api();
    String email = uniqueEmail("drip");
    String token = api.signUpAndToken("Drip Realty", email, PASSWORD);
    JsonNode gallery = api.get("/api/v1/templates", token).body().path("templates");
    String templateId = StreamSupport.stream(gallery.spliterator(), false)
        .filter(t -> t.path("slug").asString().equals("lead-nurture-drip")).findFirst().orElseThrow().path("id").asString();
    String number = "+1555940" + (1000 + System.nanoTime() % 9000);
    api.post("/api/v1/phone-numbers", Map.of("number", number), token);
    var made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true, "inputs",
        Map.of("number", number, "senderEmail", "hello@drip-realty.example", "teamEmail", "team@drip-realty.example")), token);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
    assertThat(made.body().path("active").asBoolean()).as(made.body().toString()).isTrue();
    String workflowId = made.body().path("workflowId").asString();
    String hook = api.get("/api/v1/workflows/" + workflowId, token).body().path("workflow").path("webhookPath").asString();

    String silent = "+15559500001";
    String keen = "+15559500002";
    assertThat(postLead(hook, "{\"phone\": \"" + silent + "\", \"first_name\": \"Sam\", \"email\": \"sam@example.com\"}")).isEqualTo(202);
    assertThat(postLead(hook, "{\"phone\": \"" + keen + "\", \"first_name\": \"Kim\"}")).isEqualTo(202);
    awaitOutbox(api, token, o -> count(o, "sms") == 2, "both day-1 texts");
    // a reply reaches only a run already waiting for it: one sent between the text and the wait
    // would start nothing (seen once in a test run); a person's reply takes longer than that moment
    Runs.awaitParked(api, token, workflowId, clock.instant());

    // Kim replies on day 1: the drip stops for Kim and the team hears of it
    api.post("/api/v1/sandbox/simulate/sms", Map.of("from", keen, "to", number, "body", "Yes, call me tomorrow"), token);
    JsonNode notified = awaitOutbox(api, token, o -> StreamSupport.stream(o.spliterator(), false)
        .anyMatch(m -> m.path("channel").asString().equals("email") && m.path("to").asString().equals("team@drip-realty.example")),
        "the team's e-mail");
    assertThat(notified.toString()).contains("Kim replied").contains("Yes, call me tomorrow");

    // two days pass without a word from Sam: the day-3 text
    Runs.awaitParked(api, token, workflowId, clock.instant());
    clock.advance(Duration.ofDays(2).plusMinutes(1));
    token = api.token(email, PASSWORD);
    String t2 = token;
    awaitOutbox(api, t2, o -> count(o, "sms") == 3, "Sam's day-3 text");
    // two more days: the last e-mail and the cold tag; Kim got nothing more
    Runs.awaitParked(api, token, workflowId, clock.instant());
    clock.advance(Duration.ofDays(2).plusMinutes(1));
    token = api.token(email, PASSWORD);
    String t3 = token;
    JsonNode outbox = awaitOutbox(api, t3, o -> StreamSupport.stream(o.spliterator(), false)
        .anyMatch(m -> m.path("channel").asString().equals("email") && m.path("to").asString().equals("sam@example.com")),
        "Sam's last e-mail");
    assertThat(StreamSupport.stream(outbox.spliterator(), false).filter(m -> m.path("to").asString().equals(keen)).count())
        .as("Kim's drip stopped at the reply").isEqualTo(1);
    JsonNode sam = awaitContact(api, t3, silent, c -> StreamSupport.stream(c.path("tags").spliterator(), false)
        .anyMatch(t -> t.asString().equals("cold")));
    assertThat(sam.path("tags").toString()).contains("cold").doesNotContain("\"lead\"");
  }

  private int postLead(String hook, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + hook))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static long count(JsonNode outbox, String channel) {
    return StreamSupport.stream(outbox.spliterator(), false).filter(m -> m.path("channel").asString().equals(channel)).count();
  }

  private static JsonNode awaitOutbox(ApiClient api, String token, Predicate<JsonNode> done, String what) {
    // a jump of days makes every parked run of the shared test database due at once: give the sweeper time
    return Await.until(what, Duration.ofSeconds(90), () -> api.get("/api/v1/sandbox/outbox", token).body(), done);
  }

  private static JsonNode awaitContact(ApiClient api, String token, String phone, Predicate<JsonNode> done) {
    return Await.until("the contact " + phone, Duration.ofSeconds(90), () -> api.get("/api/v1/contacts?q=" + URLEncoder.encode(phone,
        StandardCharsets.UTF_8), token).body().path(0), done);
  }
}
