package io.switchboard.nodes.messaging;

import io.switchboard.nodes.catalog.OutputSchemas;

import java.util.Optional;
import io.switchboard.nodes.trigger.PassThroughTrigger;

import java.util.Set;

/**
 * Starts the workflow bound to a number when a call on it ends (Twilio's call status callback, or
 * the voice agent's call-ended event). The payload carries {@code from}, {@code to}, {@code duration_s},
 * {@code status}, the voice agent's {@code transcript}, {@code summary} and {@code intent} when sent,
 * and the caller as {@code contact}.
 */
public final class CallEndedTrigger extends PassThroughTrigger<CallEndedTrigger.Config> {

  public static final String KEY = "trigger.call-ended@1";

  public record Config() {}

  public CallEndedTrigger() {
    super(Config.class, KEY, "Call ended", "Runs when a phone call on the connected number ends.", Set.of());
  }

  /** What {@code CallStatusProcessor} hands on. */
  @Override
  public Optional<tools.jackson.databind.JsonNode> outputSchema() {
    return Optional.of(OutputSchemas.object("The call that ended",
        "from", OutputSchemas.text("The caller's number"),
        "to", OutputSchemas.text("Your number that was called"),
        "status", OutputSchemas.text("How the call ended, such as completed or no-answer"),
        "duration_s", OutputSchemas.number("How long it lasted, in seconds"),
        "transcript", OutputSchemas.text("The voice agent's transcript, when it sent one"),
        "summary", OutputSchemas.text("The voice agent's summary, when it sent one"),
        "intent", OutputSchemas.text("What the caller wanted, as the voice agent saw it"),
        "call_sid", OutputSchemas.text("The provider's id of the call"),
        "contact", OutputSchemas.contact("The caller, as a contact")));
  }
}
