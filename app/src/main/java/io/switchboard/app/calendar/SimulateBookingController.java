package io.switchboard.app.calendar;

import io.switchboard.app.sandbox.SandboxProviderKeys;
import io.switchboard.app.sandbox.SignedWebhookPoster;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;

/**
 * "Simulate booking": a Cal.com booking created, rescheduled or cancelled, sent as a genuinely
 * signed webhook (X-Cal-Signature-256 with the workspace's sandbox secret) to the real endpoint.
 */
@RestController
public class SimulateBookingController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SandboxProviderKeys keys;
  private final SignedWebhookPoster poster;
  private final Clock clock;

  public SimulateBookingController(SandboxProviderKeys keys, SignedWebhookPoster poster, Clock clock) {
    this.keys = keys;
    this.poster = poster;
    this.clock = clock;
  }

  public record SimulateBooking(String event, String uid, String rescheduleUid, String startTime, String endTime,
                                String title, String attendeeName, String attendeeEmail, String attendeePhone,
                                String timeZone) {}

  public record Simulated(String uid, int webhookStatus) {}

  @PostMapping("/api/v1/sandbox/simulate/booking")
  public Simulated simulate(@RequestBody SimulateBooking r) throws Exception {
    SwitchboardUser user = CurrentUser.require();
    String trigger = switch (r == null || r.event() == null ? "" : r.event()) {
      case "created" -> "BOOKING_CREATED";
      case "rescheduled" -> "BOOKING_RESCHEDULED";
      case "cancelled" -> "BOOKING_CANCELLED";
      default -> throw ApiException.badRequest("invalid_event", "Choose the booking event: created, rescheduled or cancelled.");
    };
    Instant start;
    try {
      start = r.startTime() == null ? clock.instant().plusSeconds(3 * 86400) : Instant.parse(r.startTime());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("invalid_time", "Write the start time like 2026-12-01T09:00:00Z.");
    }
    String uid = r.uid() == null || r.uid().isBlank() ? "sim-" + UUID.randomUUID() : r.uid().strip();
    ObjectNode webhook = JSON.createObjectNode();
    webhook.put("triggerEvent", trigger);
    webhook.put("createdAt", clock.instant().toString());
    ObjectNode payload = webhook.putObject("payload");
    payload.put("uid", uid);
    if (r.rescheduleUid() != null && !r.rescheduleUid().isBlank()) {
      payload.put("rescheduleUid", r.rescheduleUid().strip());
    }
    payload.put("title", r.title() == null ? "Appointment" : r.title());
    payload.put("type", "appointment");
    payload.put("startTime", start.toString());
    payload.put("endTime", r.endTime() == null ? start.plusSeconds(1800).toString() : r.endTime());
    ObjectNode attendee = payload.putArray("attendees").addObject();
    attendee.put("name", r.attendeeName() == null ? "Sam Sample" : r.attendeeName());
    attendee.put("email", r.attendeeEmail() == null ? "sam@example.com" : r.attendeeEmail());
    if (r.attendeePhone() != null) {
      attendee.put("phoneNumber", r.attendeePhone());
    }
    attendee.put("timeZone", r.timeZone() == null ? "UTC" : r.timeZone());
    payload.putObject("organizer").put("name", user.tenantName()).put("email", user.email());
    byte[] body = JSON.writeValueAsBytes(webhook);
    int status = poster.post(poster.publicUrl("/hooks/calcom/" + user.tenantId().value()),
        Map.of(CalcomSignature.HEADER, CalcomSignature.sign(keys.calcomSecret(user.tenantId()), body)), body, "application/json");
    return new Simulated(uid, status);
  }
}
