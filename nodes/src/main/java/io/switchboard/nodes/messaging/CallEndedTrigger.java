package io.switchboard.nodes.messaging;

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
}
