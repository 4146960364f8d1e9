package io.switchboard.engine.spi;

import java.time.Instant;
import java.util.Optional;

/** What a waiting execution waits for. */
public sealed interface WaitSpec {

  /** Resume at this instant. */
  record Until(Instant at) implements WaitSpec {}

  /**
   * Resume when an event with this correlation key arrives (an SMS reply from a number, a webhook
   * with a key, a child execution finishing), or at {@code timeoutAt} if it comes first.
   */
  record ForEvent(String eventKey, Optional<Instant> timeoutAt) implements WaitSpec {}
}
