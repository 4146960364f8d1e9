package io.switchboard.engine.runner;

import io.switchboard.engine.execution.ExecutionState;
import io.switchboard.engine.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * An execution as stored: which workflow version it pinned, how it was triggered, its cursor, and
 * the optimistic-lock version {@code rowVersion} that makes every write conditional on having
 * read the latest state.
 */
public record ExecutionRecord(TenantId tenant, UUID id, UUID workflowId, int workflowVersion, ExecutionStatus status,
                              String triggerKind, String triggerNode, JsonNode triggerPayload, ExecutionState state,
                              Optional<UUID> parentExecutionId, Optional<UUID> replayOf, Optional<JsonNode> error,
                              Optional<JsonNode> output, Instant createdAt, Optional<Instant> startedAt,
                              Optional<Instant> finishedAt, long rowVersion) {

  public ExecutionRecord with(ExecutionStatus newStatus, ExecutionState newState) {
    return new ExecutionRecord(tenant, id, workflowId, workflowVersion, newStatus, triggerKind, triggerNode,
        triggerPayload, newState, parentExecutionId, replayOf, error, output, createdAt, startedAt, finishedAt,
        rowVersion);
  }

  public ExecutionRecord finishedAt(Instant at, Optional<JsonNode> newOutput, Optional<JsonNode> newError) {
    return new ExecutionRecord(tenant, id, workflowId, workflowVersion, status, triggerKind, triggerNode,
        triggerPayload, state, parentExecutionId, replayOf, newError, newOutput, createdAt, startedAt,
        Optional.of(at), rowVersion);
  }

  public ExecutionRecord startedAt(Instant at) {
    return new ExecutionRecord(tenant, id, workflowId, workflowVersion, status, triggerKind, triggerNode,
        triggerPayload, state, parentExecutionId, replayOf, error, output, createdAt, Optional.of(at), finishedAt,
        rowVersion);
  }

  public ExecutionRecord withRowVersion(long newRowVersion) {
    return new ExecutionRecord(tenant, id, workflowId, workflowVersion, status, triggerKind, triggerNode,
        triggerPayload, state, parentExecutionId, replayOf, error, output, createdAt, startedAt, finishedAt,
        newRowVersion);
  }
}
