package io.switchboard.engine.graph;

import java.time.Duration;
import java.util.Optional;

/**
 * Per-node failure handling: its own retry policy (else the workflow's), a time limit, and what a
 * failure that retries did not cure does.
 */
public record NodeOptions(Optional<RetryPolicy> retry, Optional<Duration> timeout, OnError onError) {

  public static final NodeOptions DEFAULTS = new NodeOptions(Optional.empty(), Optional.empty(), OnError.FAIL);

  public NodeOptions {
    retry = retry == null ? Optional.empty() : retry;
    timeout = timeout == null ? Optional.empty() : timeout;
    onError = onError == null ? OnError.FAIL : onError;
  }

  /** What happens when a node fails for good. */
  public enum OnError {
    /** The execution fails (and the tenant's error workflow, if any, is started). */
    FAIL,
    /** The node leaves by its {@code error} port with the error as output. */
    ERROR_PORT,
    /** The node leaves by its first output port with the error as output. */
    CONTINUE
  }
}
