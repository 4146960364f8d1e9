package io.switchboard.app.ui;

import io.switchboard.app.calendar.SimulateBookingController;
import io.switchboard.app.email.SimulateEmailEventController;
import io.switchboard.app.messaging.MessageController;
import io.switchboard.app.messaging.PhoneNumberDirectory;
import io.switchboard.app.messaging.SandboxController;
import io.switchboard.app.sandbox.SandboxOutbox;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.sandbox.SandboxPort;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The sandbox page's side of the outbox and of the simulations, whose rules (signing, the workspace's
 * own numbers) live in the sandbox controllers: the page calls them as the REST API does.
 */
@Service
public class UiSandboxAdapter implements SandboxPort {

  private final SandboxOutbox outbox;
  private final PhoneNumberDirectory numbers;
  private final SandboxController sandbox;
  private final SimulateEmailEventController emailEvents;
  private final SimulateBookingController bookings;
  private final MessageController messages;

  public UiSandboxAdapter(SandboxOutbox outbox, PhoneNumberDirectory numbers, SandboxController sandbox,
                          SimulateEmailEventController emailEvents, SimulateBookingController bookings,
                          MessageController messages) {
    this.outbox = outbox;
    this.numbers = numbers;
    this.sandbox = sandbox;
    this.emailEvents = emailEvents;
    this.bookings = bookings;
    this.messages = messages;
  }

  @Override
  public List<Sent> outbox(int limit) {
    var user = CurrentUser.require();
    return outbox.list(user, Optional.empty(), limit).stream()
        .map(e -> new Sent(e.id(), e.createdAt(), e.channel(), e.from(), e.to(), e.subject(), e.body())).toList();
  }

  @Override
  public List<String> numbers() {
    return numbers.list(CurrentUser.require().tenantId()).stream().map(PhoneNumberDirectory.Number::e164).toList();
  }

  @Override
  public List<Email> recentEmails() {
    return messages.list(null, null, "email", 20).stream().filter(m -> m.direction().equals("outbound"))
        .map(m -> new Email(m.id(), m.to(), m.subject().orElse("(no subject)"))).toList();
  }

  @Override
  public int simulateSms(String from, String to, String body) {
    return Refusals.checked(() -> sandbox.simulateMessage(new SandboxController.SimulateMessage(from, to, body, "sms"))
        .webhookStatus());
  }

  @Override
  public int simulateCallEnded(String from, String to, int durationSeconds, String summary) {
    return Refusals.checked(() -> sandbox.simulateCallEnded(new SandboxController.SimulateCall(from, to, durationSeconds,
        null, summary, null)).webhookStatus());
  }

  @Override
  public int simulateEmailEvent(UUID messageId, String event) {
    return Refusals.checked(() -> emailEvents.simulate(new SimulateEmailEventController.SimulateEmailEvent(messageId, event,
        null, null)).webhookStatus());
  }

  @Override
  public int simulateBooking(String event, String attendeeName, String attendeeEmail, String attendeePhone) {
    return Refusals.checked(() -> bookings.simulate(new SimulateBookingController.SimulateBooking(event, null, null, null,
        null, null, blankToNull(attendeeName), blankToNull(attendeeEmail), blankToNull(attendeePhone), null)).webhookStatus());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
