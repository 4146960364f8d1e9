package io.switchboard.ui.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The sandbox as the workspace sees it: what it "sent", and simulations that send genuinely signed
 * provider webhooks to this server (an inbound SMS, an ended call, an e-mail event, a booking).
 */
public interface SandboxPort {

  List<Sent> outbox(int limit);

  /** The workspace's numbers a simulation can be sent to. */
  List<String> numbers();

  /** Outbound e-mails an e-mail event can be about, newest first. */
  List<Email> recentEmails();

  /** Each returns what the webhook endpoint answered (its HTTP status). */
  int simulateSms(String from, String to, String body);

  int simulateCallEnded(String from, String to, int durationSeconds, String summary);

  int simulateEmailEvent(UUID messageId, String event);

  int simulateBooking(String event, String attendeeName, String attendeeEmail, String attendeePhone);

  record Sent(UUID id, Instant at, String channel, String from, String to, Optional<String> subject, String body) {}

  record Email(UUID messageId, String to, String subject) {}
}
