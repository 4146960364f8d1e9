package io.switchboard.engine.runner;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where executions are kept. The PostgreSQL store is the real one; an in-memory one serves the
 * engine's benchmarks and unit tests. Every write of an execution also brings its wait rows in
 * line with the parked tokens of its state, in the same transaction.
 */
public interface ExecutionStore {

  /** The graph of a workflow version, for the tenant. */
  Optional<WorkflowGraph> graph(TenantId tenant, UUID workflowId, int version);

  /** What the workspace sets for every execution: its time zone and its variables ({@code vars}). */
  record TenantContext(Optional<String> timezone, tools.jackson.databind.JsonNode variables) {}

  /** The tenant's time zone and variables; empty values when it sets none. */
  default TenantContext tenantContext(TenantId tenant) {
    return new TenantContext(Optional.empty(), tools.jackson.databind.node.JsonNodeFactory.instance.objectNode());
  }

  /** The version of a workflow that new executions run, when it is active. */
  Optional<Integer> activeVersion(TenantId tenant, UUID workflowId);

  /** Stores a new execution with its first steps. */
  void insert(ExecutionRecord execution, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil);

  /**
   * Stores the execution's new state and steps if nobody else wrote it since {@code expected.rowVersion()}.
   *
   * @return the record with its new row version
   * @throws ConcurrentUpdateException when another runner wrote it first
   */
  ExecutionRecord update(ExecutionRecord execution, List<StepRecord> steps, Optional<String> leaseOwner,
                         Instant leaseUntil);

  Optional<ExecutionRecord> load(TenantId tenant, UUID executionId);

  /**
   * Takes the execution's lease for {@code owner} until {@code until}, unless another live runner
   * holds it. Empty when it is held, or when the execution is not there.
   */
  Optional<ExecutionRecord> acquire(TenantId tenant, UUID executionId, String owner, Instant now, Instant until);

  /**
   * Extends this runner's lease on an execution while one of its nodes runs long, without changing
   * its row version. False when the lease is no longer this runner's.
   */
  boolean renewLease(TenantId tenant, UUID executionId, String owner, Instant until);

  /** A claimed wait, and its execution as the claim read it when no runner held it. */
  record ClaimedWait(DueWait due, Optional<ExecutionRecord> execution) {}

  /**
   * Claims up to {@code limit} due waits of any tenant for {@code claimer} until {@code claimUntil}
   * and, in the same statement, reads each one's execution that no runner holds, so that resuming it
   * is a single write (conditional on the row version read, like every write). An execution held by
   * any runner, this one included, comes back without its record, as does the second of two waits of
   * one execution; a store may also return none.
   */
  List<ClaimedWait> claimDueWithState(Instant now, int limit, String claimer, Instant claimUntil);

  /**
   * Claims up to {@code limit} executions marked running (or queued) whose runner's lease ran out,
   * for {@code owner} until {@code until}: their runner died, and they resume from their last checkpoint.
   */
  List<StaleExecution> claimStale(Instant now, int limit, String owner, Instant until);

  /** An execution whose runner died. */
  record StaleExecution(TenantId tenant, UUID executionId) {}

  /** The waits of the tenant's executions listening for {@code eventKey}. */
  List<DueWait> waitsFor(TenantId tenant, String eventKey);

  /** Releases a claimed wait that could not be acted on now, for another try after its lease. */
  void removeWait(TenantId tenant, UUID executionId, String tokenId);

  /** Records a performed side effect; false when one with this key was recorded before. */
  boolean recordEffect(TenantId tenant, UUID executionId, String idempotencyKey, tools.jackson.databind.JsonNode result);

  Optional<tools.jackson.databind.JsonNode> recordedEffect(TenantId tenant, String idempotencyKey);

  /** A claimed wait: whose, which token, and why it is due. */
  record DueWait(TenantId tenant, UUID executionId, String tokenId, Optional<Instant> dueAt,
                 Optional<String> eventKey, Optional<tools.jackson.databind.JsonNode> eventPayload) {}

  /**
   * Keeps an event that arrived while its execution was busy: the wait becomes due {@code at} and
   * carries the payload, so a sweeper delivers it.
   */
  void holdEvent(TenantId tenant, UUID executionId, String tokenId, tools.jackson.databind.JsonNode payload, Instant at);

  /** Another runner wrote the execution first; this one must stop working on it. */
  final class ConcurrentUpdateException extends RuntimeException {
    public ConcurrentUpdateException(UUID executionId) {
      super("execution " + executionId + " was changed by another runner");
    }
  }
}
