package io.switchboard.engine.execution;

import java.time.Instant;
import java.util.Optional;

/**
 * A token waiting: for a time ({@code dueAt}), for an event ({@code eventKey}, with an optional
 * timeout in {@code dueAt}), or for its next retry ({@code reason = retry}).
 */
public record Parked(Token token, Optional<Instant> dueAt, Optional<String> eventKey, String reason) {

  public static final String WAIT = "wait";
  public static final String RETRY = "retry";
  /** A queued execution's trigger token, waiting for a runner to pick it up. */
  public static final String QUEUED = "queued";

  public Parked {
    dueAt = dueAt == null ? Optional.empty() : dueAt;
    eventKey = eventKey == null ? Optional.empty() : eventKey;
  }
}
