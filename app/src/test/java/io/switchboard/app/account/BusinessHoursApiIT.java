package io.switchboard.app.account;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.Await;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's business hours through the API: the usual Monday-to-Friday 09:00–17:00 at first,
 * changed by an owner (not by a member), refused in words when they make no sense, audited; and a
 * "wait until business hours" step without hours of its own sleeps until the workspace opens, in the
 * workspace's time zone, while a step with its own hours keeps them.
 */
class BusinessHoursApiIT extends IntegrationTestBase {

  private static final String PASSWORD = "business-hours-42";
  private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");

  @Test
  void shouldKeepTheWorkspacesHoursAndWaitForThemWhenAStepSetsNone() {
    ApiClient api = api();
    String ownerEmail = uniqueEmail("hours");
    String owner = api.signUpAndToken("Harbour Dental", ownerEmail, PASSWORD);

    JsonNode standard = api.get("/api/v1/tenant", owner).body().path("businessHours");
    assertThat(standard.path("days").toString()).isEqualTo("[\"monday\",\"tuesday\",\"wednesday\",\"thursday\",\"friday\"]");
    assertThat(standard.path("opens").asString()).isEqualTo("09:00");
    assertThat(standard.path("closes").asString()).isEqualTo("17:00");
    assertThat(standard.path("standard").asBoolean()).isTrue();

    // nonsense is refused with what to fix
    assertThat(refusal(api, owner, List.of(), "09:00", "17:00")).isEqualTo("no_business_days");
    assertThat(refusal(api, owner, List.of("monday"), "18:00", "09:00")).isEqualTo("closes_before_opens");
    assertThat(api.patch("/api/v1/tenant", Map.of("businessHours", hours(List.of("monday"), "18:00", "09:00")), owner)
        .text("detail")).contains("closing time (09:00) must be later than the opening time (18:00)");
    assertThat(refusal(api, owner, List.of("monday"), "9am", "17:00")).isEqualTo("invalid_opening_time");
    assertThat(refusal(api, owner, List.of("monday"), "09:00", "")).isEqualTo("invalid_closing_time");
    assertThat(refusal(api, owner, List.of("funday"), "09:00", "17:00")).isEqualTo("invalid_business_day");
    assertThat(api.patch("/api/v1/tenant", Map.of(), owner).text("code")).isEqualTo("invalid_request");
    // a refused change of hours saves nothing, not even a valid time zone sent with it
    assertThat(api.patch("/api/v1/tenant", Map.of("timezone", "Asia/Tokyo", "businessHours",
        hours(List.of(), "09:00", "17:00")), owner).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tenant", owner).text("timezone")).isEqualTo("America/New_York");

    // members read the hours but do not change them
    String memberEmail = uniqueEmail("hours-member");
    assertThat(api.post("/api/v1/users", Map.of("email", memberEmail, "role", "member", "password", PASSWORD), owner).status())
        .isEqualTo(201);
    String member = api.token(memberEmail, PASSWORD);
    assertThat(api.get("/api/v1/tenant", member).body().path("businessHours").path("opens").asString()).isEqualTo("09:00");
    assertThat(api.patch("/api/v1/tenant", Map.of("businessHours", hours(List.of("monday"), "08:00", "12:00")), member)
        .status()).isEqualTo(403);

    // the owner opens the workspace one day only, two days from today in Lisbon, 10:00 to 14:00 Lisbon time
    LocalDate openDay = ZonedDateTime.ofInstant(clock.instant(), LISBON).toLocalDate().plusDays(2);
    String dayName = openDay.getDayOfWeek().name().toLowerCase(Locale.ROOT);
    JsonNode changed = api.patch("/api/v1/tenant", Map.of("timezone", "Europe/Lisbon",
        "businessHours", hours(List.of(dayName), "10:00", "14:00")), owner).body();
    assertThat(changed.path("timezone").asString()).isEqualTo("Europe/Lisbon");
    assertThat(changed.path("businessHours").path("days").toString()).isEqualTo("[\"" + dayName + "\"]");
    assertThat(changed.path("businessHours").path("opens").asString()).isEqualTo("10:00");
    assertThat(changed.path("businessHours").path("standard").asBoolean()).isFalse();
    assertThat(api.get("/api/v1/tenant", member).body().path("businessHours").path("closes").asString()).isEqualTo("14:00");
    JsonNode audited = null;
    for (JsonNode e : api.get("/api/v1/audit-log", owner).body()) {
      if (e.path("action").asString().equals("tenant.business_hours_changed")) {
        audited = e;
      }
    }
    assertThat(audited).isNotNull();
    assertThat(audited.path("actorEmail").asString()).isEqualTo(ownerEmail);
    assertThat(audited.path("details").path("opens").asString()).isEqualTo("10:00");

    // a wait without hours of its own sleeps until the workspace opens
    Instant opening = openDay.atTime(10, 0).atZone(LISBON).toInstant();
    String workspaceHours = workflow(api, owner, "Reply when open", Map.of("mode", "next_business_hour"));
    String waiting = api.post("/api/v1/workflows/" + workspaceHours + "/run", Map.of(), owner).text("id");
    JsonNode run = api.get("/api/v1/executions/" + waiting, owner).body();
    assertThat(run.path("summary").path("status").asString()).isEqualTo("waiting");
    assertThat(Instant.parse(run.path("waitingOn").get(0).path("dueAt").asString())).isEqualTo(opening);

    // a wait with its own hours keeps them (read in the workflow's zone, here the workspace's)
    LocalDate ownDay = openDay.plusDays(1);
    String ownHours = workflow(api, owner, "Own hours", Map.of("mode", "next_business_hour", "opensAt", "07:30",
        "closesAt", "08:00", "weekdays", List.of(ownDay.getDayOfWeek().getValue())));
    String own = api.post("/api/v1/workflows/" + ownHours + "/run", Map.of(), owner).text("id");
    assertThat(Instant.parse(api.get("/api/v1/executions/" + own, owner).body().path("waitingOn").get(0).path("dueAt").asString()))
        .isEqualTo(ownDay.atTime(7, 30).atZone(LISBON).toInstant());

    // when the workspace opens, the run goes on
    clock.advance(Duration.between(clock.instant(), opening).plusSeconds(1));
    String fresh = api.token(ownerEmail, PASSWORD); // days later the first session has expired
    Await.until("the run waiting for opening time to finish", () -> api.get("/api/v1/executions/" + waiting, fresh).body()
        .path("summary").path("status").asString(), "succeeded"::equals);
    assertThat(api.get("/api/v1/executions/" + own, fresh).body().path("summary").path("status").asString()).isEqualTo("waiting");
  }

  @Test
  void shouldKeepOtherHoursOnSomeDaysAndWaitForThem() {
    ApiClient api = api();
    String owner = api.signUpAndToken("Corner Salon", uniqueEmail("day-hours"), PASSWORD);
    LocalDate openDay = ZonedDateTime.ofInstant(clock.instant(), LISBON).toLocalDate().plusDays(2);
    String dayName = openDay.getDayOfWeek().name().toLowerCase(Locale.ROOT);
    String label = openDay.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
    String otherDay = openDay.plusDays(1).getDayOfWeek().name().toLowerCase(Locale.ROOT);

    // a day's own hours are checked as the usual ones, and named by the day
    ApiClient.Response closedDay = api.patch("/api/v1/tenant", Map.of("businessHours", Map.of("days", List.of(otherDay),
        "opens", "08:00", "closes", "18:00", "byDay", Map.of(dayName, Map.of("opens", "10:00", "closes", "14:00")))), owner);
    assertThat(closedDay.status()).isEqualTo(400);
    assertThat(closedDay.text("code")).isEqualTo("business_day_closed");
    assertThat(closedDay.text("detail")).startsWith(label + ": it has its own hours but is not an open day");
    ApiClient.Response backwards = api.patch("/api/v1/tenant", Map.of("businessHours", Map.of("days", List.of(dayName),
        "opens", "08:00", "closes", "18:00", "byDay", Map.of(dayName, Map.of("opens", "14:00", "closes", "10:00")))), owner);
    assertThat(backwards.text("code")).isEqualTo("closes_before_opens");
    assertThat(backwards.text("detail")).startsWith(label + ": The closing time (10:00)");
    ApiClient.Response twice = api.patch("/api/v1/tenant", Map.of("businessHours", Map.of("days", List.of(dayName),
        "opens", "08:00", "closes", "18:00", "byDay", Map.of(dayName, Map.of("opens", "10:00", "closes", "14:00"),
            dayName.substring(0, 3), Map.of("opens", "11:00", "closes", "14:00")))), owner);
    assertThat(twice.text("code")).isEqualTo("business_day_repeated");
    assertThat(api.get("/api/v1/tenant", owner).body().path("businessHours").path("standard").asBoolean())
        .as("nothing saved").isTrue();

    // usually 08:00 to 18:00, but the open day only 10:00 to 14:00 (the other day's own hours are its usual ones: dropped)
    JsonNode saved = api.patch("/api/v1/tenant", Map.of("timezone", "Europe/Lisbon", "businessHours", Map.of(
        "days", List.of(dayName, otherDay), "opens", "8:00", "closes", "18:00", "byDay", Map.of(
            dayName, Map.of("opens", "10:00", "closes", "14:00"), otherDay, Map.of("opens", "08:00", "closes", "18:00")))),
        owner).body().path("businessHours");
    assertThat(saved.path("opens").asString()).isEqualTo("08:00");
    assertThat(saved.path("byDay").toString())
        .isEqualTo("{\"" + dayName + "\":{\"opens\":\"10:00\",\"closes\":\"14:00\"}}");
    assertThat(api.get("/api/v1/tenant", owner).body().path("businessHours").path("byDay").path(dayName).path("closes")
        .asString()).isEqualTo("14:00");

    // a wait for business hours takes the day's own opening time
    String workspaceHours = workflow(api, owner, "Reply when open", Map.of("mode", "next_business_hour"));
    String waiting = api.post("/api/v1/workflows/" + workspaceHours + "/run", Map.of(), owner).text("id");
    assertThat(Instant.parse(api.get("/api/v1/executions/" + waiting, owner).body().path("waitingOn").get(0).path("dueAt")
        .asString())).isEqualTo(openDay.atTime(10, 0).atZone(LISBON).toInstant());
    assertThat(api.post("/api/v1/executions/" + waiting + "/cancel", Map.of(), owner).status()).isLessThan(300);
  }

  private static Map<String, Object> hours(List<String> days, String opens, String closes) {
    return Map.of("days", days, "opens", opens, "closes", closes);
  }

  private static String refusal(ApiClient api, String token, List<String> days, String opens, String closes) {
    ApiClient.Response r = api.patch("/api/v1/tenant", Map.of("businessHours", hours(days, opens, closes)), token);
    assertThat(r.status()).isEqualTo(400);
    return r.text("code");
  }

  private static String workflow(ApiClient api, String token, String name, Map<String, Object> delay) {
    Map<String, Object> graph = Map.of("schemaVersion", 1, "nodes", List.of(
            Map.of("id", "start", "type", "trigger.manual@1", "name", "Start", "position", Map.of("x", 0, "y", 0)),
            Map.of("id", "wait", "type", "logic.delay@1", "name", "Wait for opening", "position", Map.of("x", 260, "y", 0),
                "config", delay),
            Map.of("id", "after", "type", "logic.set@1", "name", "After", "position", Map.of("x", 520, "y", 0),
                "config", Map.of("fields", List.of(Map.of("name", "open", "value", true))))),
        "edges", List.of(Map.of("from", "start", "to", "wait"), Map.of("from", "wait", "to", "after")));
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", name, "graph", graph), token);
    assertThat(created.status()).isEqualTo(201);
    return created.text("workflowId");
  }
}
