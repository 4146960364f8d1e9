package io.switchboard.engine.spi;

/**
 * How the interpreter treats a node. Most are {@link #ACTION}; the others get special handling:
 * triggers start executions, a merge joins branches, a loop iterates its body.
 */
public enum NodeKind {
  /** Starts executions (webhook, schedule, inbound SMS, manual run). Has no input. */
  TRIGGER,
  /** Does something and leaves by one of its ports. */
  ACTION,
  /** Joins branches: waits for all incoming branches, or lets the first through. */
  MERGE,
  /**
   * Iterates over a list: leaves by {@code item} once per element; the body's last node connects
   * back to the loop's {@code next} input; after the last element it leaves by {@code done}.
   */
  LOOP
}
