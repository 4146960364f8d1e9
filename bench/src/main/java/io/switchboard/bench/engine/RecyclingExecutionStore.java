package io.switchboard.bench.engine;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.runner.StepRecord;
import io.switchboard.engine.store.InMemoryExecutionStore;
import io.switchboard.engine.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The engine's in-memory store, started afresh every {@code executionsPerStore} finished executions
 * so a one-thread benchmark loop of millions of executions holds bounded memory. Every call still goes through
 * the real {@link InMemoryExecutionStore}; only the history of finished executions is dropped.
 */
final class RecyclingExecutionStore implements ExecutionStore {

  private record Deployed(TenantId tenant, UUID workflowId, int version, WorkflowGraph graph) {}

  private final int executionsPerStore;
  private final List<Deployed> deployed;
  private InMemoryExecutionStore current;
  private int finished;

  RecyclingExecutionStore(int executionsPerStore, TenantId tenant, UUID workflowId, WorkflowGraph graph) {
    this.executionsPerStore = executionsPerStore;
    this.deployed = List.of(new Deployed(tenant, workflowId, 1, graph));
    this.current = fresh();
  }

  private InMemoryExecutionStore fresh() {
    InMemoryExecutionStore store = new InMemoryExecutionStore();
    deployed.forEach(d -> store.putGraph(d.tenant(), d.workflowId(), d.version(), d.graph()));
    return store;
  }

  /** The store that holds the executions since the last recycling (for checks before measuring). */
  InMemoryExecutionStore current() {
    return current;
  }

  @Override
  public Optional<WorkflowGraph> graph(TenantId tenant, UUID workflowId, int version) {
    return current.graph(tenant, workflowId, version);
  }

  @Override
  public Optional<Integer> activeVersion(TenantId tenant, UUID workflowId) {
    return current.activeVersion(tenant, workflowId);
  }

  @Override
  public void insert(ExecutionRecord execution, List<StepRecord> steps, Optional<String> leaseOwner, Instant leaseUntil) {
    current.insert(execution, steps, leaseOwner, leaseUntil);
    // Start over only right after an execution ended: in a one-thread loop none is half-way then.
    if (execution.status().finished() && ++finished >= executionsPerStore) {
      current = fresh();
      finished = 0;
    }
  }

  @Override
  public ExecutionRecord update(ExecutionRecord execution, List<StepRecord> steps, Optional<String> leaseOwner,
                                Instant leaseUntil) {
    return current.update(execution, steps, leaseOwner, leaseUntil);
  }

  @Override
  public Optional<ExecutionRecord> load(TenantId tenant, UUID executionId) {
    return current.load(tenant, executionId);
  }

  @Override
  public Optional<ExecutionRecord> acquire(TenantId tenant, UUID executionId, String owner, Instant now, Instant until) {
    return current.acquire(tenant, executionId, owner, now, until);
  }

  @Override
  public List<ClaimedWait> claimDueWithState(Instant now, int limit, String claimer, Instant claimUntil) {
    return current.claimDueWithState(now, limit, claimer, claimUntil);
  }

  @Override
  public List<StaleExecution> claimStale(Instant now, int limit, String owner, Instant until) {
    return current.claimStale(now, limit, owner, until);
  }

  @Override
  public boolean renewLease(TenantId tenant, UUID executionId, String owner, Instant until) {
    return current.renewLease(tenant, executionId, owner, until);
  }

  @Override
  public void holdEvent(TenantId tenant, UUID executionId, String tokenId, JsonNode payload, Instant at) {
    current.holdEvent(tenant, executionId, tokenId, payload, at);
  }

  @Override
  public List<DueWait> waitsFor(TenantId tenant, String eventKey) {
    return current.waitsFor(tenant, eventKey);
  }

  @Override
  public void removeWait(TenantId tenant, UUID executionId, String tokenId) {
    current.removeWait(tenant, executionId, tokenId);
  }

  @Override
  public boolean recordEffect(TenantId tenant, UUID executionId, String idempotencyKey, JsonNode result) {
    return current.recordEffect(tenant, executionId, idempotencyKey, result);
  }

  @Override
  public Optional<JsonNode> recordedEffect(TenantId tenant, String idempotencyKey) {
    return current.recordedEffect(tenant, idempotencyKey);
  }
}
