package io.switchboard.app.templates;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped "Appointment reminders" for a fresh workspace in New York, driven by signed Cal.com
 * booking events and days passing on the test's clock: a booking gets its reminder two days before
 * and on the morning of the appointment (08:00 New York time); a rescheduled one is reminded at the
 * new time only; a cancelled one never, with a note on the contact's timeline.
 */
class AppointmentRemindersIT extends IntegrationTestBase {

  private static final String PASSWORD = "reminders-pass-1";
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void shouldRemindTwoDaysBeforeAndOnTheMorningFollowingReschedulesAndCancellations() {
    ApiClient api = api();
    String email = uniqueEmail("reminders");
    String[] token = {api.signUpAndToken("Harbor Physio", email, PASSWORD)};
    String number = "+1555963" + (1000 + System.nanoTime() % 9000);
    assertThat(api.post("/api/v1/phone-numbers", Map.of("number", number), token[0]).status()).isEqualTo(201);
    String templateId = SmsKnowledgeBaseResponderIT.templateId(api, token[0], "appointment-reminders");
    ApiClient.Response made = api.post("/api/v1/templates/" + templateId + "/instantiate", Map.of("activate", true,
        "inputs", Map.of("number", number)), token[0]);
    assertThat(made.status()).as(made.body().toString()).isEqualTo(201);
    assertThat(made.body().path("active").asBoolean()).as(made.body().toString()).isTrue();

    ZonedDateTime today = clock.instant().atZone(NEW_YORK).truncatedTo(ChronoUnit.DAYS);
    Instant kept = today.plusDays(5).with(LocalTime.of(15, 0)).toInstant();
    Instant moved = today.plusDays(6).with(LocalTime.of(10, 0)).toInstant();
    Instant movedTo = today.plusDays(9).with(LocalTime.of(11, 30)).toInstant();
    Instant cancelled = today.plusDays(4).with(LocalTime.of(9, 0)).toInstant();
    String run = Long.toString(System.nanoTime() % 1_000_000);
    String ada = "+1555964" + (1000 + System.nanoTime() % 9000);
    String ben = "+1555965" + (1000 + System.nanoTime() % 9000);
    String cy = "+1555966" + (1000 + System.nanoTime() % 9000);
    book(api, token[0], Map.of("event", "created", "uid", "keep-" + run, "startTime", kept.toString(), "title", "Physio session",
        "attendeeName", "Ada Lovelace", "attendeeEmail", "ada-" + run + "@example.com", "attendeePhone", ada));
    book(api, token[0], Map.of("event", "created", "uid", "move-" + run, "startTime", moved.toString(), "title", "Physio session",
        "attendeeName", "Ben Okafor", "attendeeEmail", "ben-" + run + "@example.com", "attendeePhone", ben));
    book(api, token[0], Map.of("event", "created", "uid", "cancel-" + run, "startTime", cancelled.toString(),
        "title", "Physio session", "attendeeName", "Cy Park", "attendeeEmail", "cy-" + run + "@example.com", "attendeePhone", cy));
    String workflowId = made.body().path("workflowId").asString();
    Await.until("three runs waiting", () -> executions(api, token[0], workflowId),
        l -> l.stream().filter(e -> e.path("status").asString().equals("waiting")).count() == 3);

    // Ben moves to day 9, Cy cancels
    book(api, token[0], Map.of("event", "rescheduled", "uid", "moved-" + run, "rescheduleUid", "move-" + run,
        "startTime", movedTo.toString(), "title", "Physio session", "attendeeName", "Ben Okafor",
        "attendeeEmail", "ben-" + run + "@example.com", "attendeePhone", ben));
    book(api, token[0], Map.of("event", "cancelled", "uid", "cancel-" + run, "startTime", cancelled.toString(),
        "title", "Physio session", "attendeeName", "Cy Park", "attendeeEmail", "cy-" + run + "@example.com", "attendeePhone", cy));
    Await.until("Ben's first run ended and his new one waits, Cy's ended", () -> executions(api, token[0], workflowId),
        l -> l.size() == 4 && l.stream().filter(e -> e.path("status").asString().equals("succeeded")).count() == 2);
    assertThat(timeline(api, token[0], cy)).contains("Booking cancelled: its reminders are cancelled.");
    assertThat(timeline(api, token[0], ben)).contains("Booking moved: reminders follow the new time.");
    assertThat(texts(api, token[0], cy)).isEmpty();

    // two days before Cy's cancelled appointment: nothing; two days before Ada's: her first reminder
    advanceTo(cancelled.minus(Duration.ofDays(2)).plusSeconds(60), token, api, email);
    advanceTo(kept.minus(Duration.ofDays(2)).plusSeconds(60), token, api, email);
    List<JsonNode> adas = Await.until("Ada's two-days-before reminder", () -> texts(api, token[0], ada), l -> l.size() == 1);
    assertThat(adas.getFirst().path("body").asString()).contains("Hi Ada").contains("15:00").contains("Physio session");
    assertThat(adas.getFirst().path("from").asString()).isEqualTo(number);

    // the morning of Ada's appointment, 08:00 in New York: that is when her run is due again
    Instant adaMorning = kept.atZone(NEW_YORK).with(LocalTime.of(8, 0)).toInstant();
    Await.until("Ada's run waiting for the morning", () -> waits(api, token[0], workflowId),
        w -> w.contains(adaMorning + " booking:keep-" + run));
    advanceTo(adaMorning.plusSeconds(30), token, api, email);
    adas = Await.until("Ada's morning reminder", () -> texts(api, token[0], ada), l -> l.size() == 2);
    assertThat(adas.stream().map(m -> m.path("body").asString())).anyMatch(b -> b.contains("see you today at 15:00"));
    // Ben was never reminded of the old time (day 6); his run waits for two days before the new one
    assertThat(texts(api, token[0], ben)).isEmpty();
    assertThat(waits(api, token[0], workflowId)).contains(movedTo.minus(Duration.ofDays(2)) + " booking:moved-" + run);
    advanceTo(movedTo.minus(Duration.ofDays(2)).plusSeconds(60), token, api, email);
    List<JsonNode> bens = Await.until("Ben's reminder at the new time", () -> texts(api, token[0], ben), l -> l.size() == 1);
    assertThat(bens.getFirst().path("body").asString()).contains("11:30");
    assertThat(texts(api, token[0], cy)).isEmpty();
  }

  private void advanceTo(Instant when, String[] token, ApiClient api, String email) {
    if (when.isAfter(clock.instant())) {
      clock.advance(Duration.between(clock.instant(), when));
    }
    token[0] = api.token(email, PASSWORD);
  }

  /** What the workflow's waiting runs wait for, as "due-time event-key" lines. */
  private static List<String> waits(ApiClient api, String token, String workflowId) {
    return executions(api, token, workflowId).stream().filter(e -> e.path("status").asString().equals("waiting"))
        .flatMap(e -> StreamSupport.stream(api.get("/api/v1/executions/" + e.path("id").asString(), token).body()
            .path("waitingOn").spliterator(), false))
        .map(w -> w.path("dueAt").asString() + " " + w.path("eventKey").asString()).toList();
  }

  private static void book(ApiClient api, String token, Map<String, String> booking) {
    ApiClient.Response r = api.post("/api/v1/sandbox/simulate/booking", booking, token);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().path("webhookStatus").asInt()).as(r.body().toString()).isEqualTo(200);
  }

  private static List<JsonNode> executions(ApiClient api, String token, String workflowId) {
    return StreamSupport.stream(api.get("/api/v1/executions" + (workflowId == null ? "" : "?workflowId=" + workflowId), token)
        .body().spliterator(), false).toList();
  }

  private static List<JsonNode> texts(ApiClient api, String token, String to) {
    return StreamSupport.stream(api.get("/api/v1/sandbox/outbox", token).body().spliterator(), false)
        .filter(m -> m.path("channel").asString().equals("sms") && m.path("to").asString().equals(to)).toList();
  }

  private static String timeline(ApiClient api, String token, String phone) {
    JsonNode contact = api.get("/api/v1/contacts?q=" + URLEncoder.encode(phone, StandardCharsets.UTF_8), token).body().path(0);
    return api.get("/api/v1/contacts/" + contact.path("id").asString() + "/activities", token).body().toString();
  }
}
