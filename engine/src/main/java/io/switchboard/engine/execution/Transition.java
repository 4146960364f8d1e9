package io.switchboard.engine.execution;

import java.util.Optional;

/**
 * The result of applying one node's result: the new state, what to record for the step, and the
 * execution's failure when nothing handles the node's.
 */
public record Transition(ExecutionState state, StepOutcome step, Optional<Failure> failure) {

  /** How the step ended, for its checkpoint record. */
  public record StepOutcome(int seq, String status, Optional<String> port, Optional<Failure> error) {
    public static final String SUCCEEDED = "succeeded";
    public static final String WAITING = "waiting";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
  }

  /** A failure: where, its stable code and its sentence. */
  public record Failure(String nodeId, String nodeName, String code, String message) {}
}
