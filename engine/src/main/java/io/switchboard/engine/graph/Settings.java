package io.switchboard.engine.graph;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Workflow-wide settings: the time zone its dates and business hours use (empty: the tenant's),
 * the workflow to start when an execution fails with nothing to handle it, and the default retry
 * policy of its nodes.
 */
public record Settings(Optional<String> timezone, Optional<UUID> errorWorkflowId, RetryPolicy retry) {

  public static final Settings DEFAULTS = new Settings(Optional.empty(), Optional.empty(), RetryPolicy.NONE);

  public Settings {
    timezone = timezone == null ? Optional.empty() : timezone;
    errorWorkflowId = errorWorkflowId == null ? Optional.empty() : errorWorkflowId;
    retry = Objects.requireNonNullElse(retry, RetryPolicy.NONE);
  }
}
