package io.switchboard.nodes.calendar;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CalcomBookingTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  static JsonNode webhook(String event, String uid, String rescheduleUid) {
    return JSON.readTree("""
        {"triggerEvent": "%s", "createdAt": "2026-03-02T08:00:00.000Z", "payload": {
          "type": "consultation", "title": "Consultation between Acme and Gus", "uid": "%s", %s
          "startTime": "2026-03-05T15:00:00Z", "endTime": "2026-03-05T15:30:00Z", "location": "Phone",
          "organizer": {"name": "Acme", "email": "owner@acme.test", "timeZone": "America/New_York"},
          "attendees": [{"name": "Gus", "email": "gus@example.com", "timeZone": "Europe/London"}],
          "responses": {"attendeePhoneNumber": {"value": "+447700900123"}}}}
        """.formatted(event, uid, rescheduleUid == null ? "" : "\"rescheduleUid\": \"" + rescheduleUid + "\","));
  }

  @Test
  void shouldReadABookingIntoTheTriggerPayload() {
    JsonNode payload = CalcomBooking.triggerPayload(webhook("BOOKING_CREATED", "bk-1", null));

    assertThat(payload.path("event").asString()).isEqualTo("created");
    assertThat(payload.path("uid").asString()).isEqualTo("bk-1");
    assertThat(payload.has("previous_uid")).isFalse();
    assertThat(payload.path("start").asString()).isEqualTo("2026-03-05T15:00:00Z");
    assertThat(payload.path("attendee").path("email").asString()).isEqualTo("gus@example.com");
    assertThat(payload.path("attendee").path("phone").asString()).isEqualTo("+447700900123");
    assertThat(payload.path("organizer").path("email").asString()).isEqualTo("owner@acme.test");
  }

  @Test
  void shouldKnowARescheduleByTheOriginalBookingsUid() {
    JsonNode rescheduled = webhook("BOOKING_RESCHEDULED", "bk-2", "bk-1");

    assertThat(CalcomBooking.event(rescheduled)).contains("rescheduled");
    assertThat(CalcomBooking.knownUid(rescheduled)).contains("bk-1");
    assertThat(CalcomBooking.eventKey("bk-1")).isEqualTo("booking:bk-1");
    assertThat(CalcomBooking.triggerPayload(rescheduled).path("previous_uid").asString()).isEqualTo("bk-1");
    assertThat(CalcomBooking.event(webhook("MEETING_ENDED", "bk-3", null))).isEmpty();
  }

  @Test
  void shouldStartOnlyOnTheChosenEvents() {
    assertThat(new BookingTrigger.Config(null).accepts("cancelled")).isTrue();
    assertThat(new BookingTrigger.Config("any").accepts("created")).isTrue();
    assertThat(new BookingTrigger.Config("created").accepts("created")).isTrue();
    assertThat(new BookingTrigger.Config("created").accepts("cancelled")).isFalse();
  }
}
