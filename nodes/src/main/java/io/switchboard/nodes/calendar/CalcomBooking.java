package io.switchboard.nodes.calendar;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A Cal.com booking webhook ({@code triggerEvent} BOOKING_CREATED, BOOKING_RESCHEDULED or
 * BOOKING_CANCELLED, with the booking under {@code payload}) read into the payload the booking
 * trigger hands on, and the event key ({@code booking:<uid>}) waiting executions listen on.
 */
public final class CalcomBooking {

  private CalcomBooking() {}

  /** What the webhook was about, in the trigger's words. */
  public static Optional<String> event(JsonNode webhook) {
    return switch (webhook.path("triggerEvent").asString("")) {
      case "BOOKING_CREATED" -> Optional.of("created");
      case "BOOKING_RESCHEDULED" -> Optional.of("rescheduled");
      case "BOOKING_CANCELLED" -> Optional.of("cancelled");
      default -> Optional.empty();
    };
  }

  /** The booking's uid; for a reschedule, the new booking's. */
  public static Optional<String> uid(JsonNode webhook) {
    return text(webhook.path("payload"), "uid");
  }

  /**
   * The uid the workflows already running know the booking by: for a reschedule the original
   * booking's ({@code rescheduleUid} / {@code fromReschedule}), else the booking's own.
   */
  public static Optional<String> knownUid(JsonNode webhook) {
    JsonNode p = webhook.path("payload");
    return text(p, "rescheduleUid").or(() -> text(p, "fromReschedule")).or(() -> uid(webhook));
  }

  /** The event key a waiting execution uses to hear about changes to a booking. */
  public static String eventKey(String uid) {
    return "booking:" + uid;
  }

  public static ObjectNode triggerPayload(JsonNode webhook) {
    JsonNode p = webhook.path("payload");
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("event", event(webhook).orElse("unknown"));
    out.put("uid", uid(webhook).orElse(""));
    knownUid(webhook).filter(u -> !u.equals(uid(webhook).orElse(""))).ifPresent(u -> out.put("previous_uid", u));
    out.put("title", p.path("title").asString(""));
    out.put("start", p.path("startTime").asString(""));
    out.put("end", p.path("endTime").asString(""));
    out.put("location", p.path("location").asString(""));
    text(p, "cancellationReason").ifPresent(r -> out.put("cancellation_reason", r));
    JsonNode first = p.path("attendees").path(0);
    ObjectNode attendee = out.putObject("attendee");
    attendee.put("name", first.path("name").asString(""));
    attendee.put("email", first.path("email").asString(""));
    String phone = text(first, "phoneNumber").or(() -> text(p.path("responses").path("attendeePhoneNumber"), "value"))
        .or(() -> text(p, "smsReminderNumber")).orElse("");
    attendee.put("phone", phone);
    attendee.put("time_zone", first.path("timeZone").asString(""));
    ObjectNode organizer = out.putObject("organizer");
    organizer.put("name", p.path("organizer").path("name").asString(""));
    organizer.put("email", p.path("organizer").path("email").asString(""));
    out.put("event_type", p.path("type").asString(""));
    return out;
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isString() && !v.asString().isBlank() ? Optional.of(v.asString()) : Optional.empty();
  }
}
