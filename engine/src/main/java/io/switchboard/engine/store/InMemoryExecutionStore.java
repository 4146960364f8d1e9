package io.switchboard.engine.store;

import io.switchboard.engine.execution.Parked;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.runner.StepRecord;
import io.switchboard.engine.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executions in memory, with the same rules as the PostgreSQL store (conditional writes, waits
 * mirrored from parked tokens, leased claims). For the engine's benchmarks and unit tests; nothing
 * survives the process.
 */
public final class InMemoryExecutionStore implements ExecutionStore {

  private record Key(TenantId tenant, UUID id) {}

  private record Lease(String owner, Instant until) {}

  private record WaitRow(TenantId tenant, UUID executionId, String tokenId, Optional<Instant> dueAt,
                         Optional<String> eventKey, Optional<Lease> claim, Optional<JsonNode> payload) {}

  private final Map<String, WorkflowGraph> graphs = new ConcurrentHashMap<>();
  private final Map<String, Integer> active = new ConcurrentHashMap<>();
  private final Map<Key, ExecutionRecord> executions = new HashMap<>();
  private final Map<Key, Optional<Lease>> leases = new HashMap<>();
  private final Map<Key, List<StepRecord>> steps = new HashMap<>();
  private final Map<String, WaitRow> waits = new HashMap<>();
  private final Map<String, JsonNode> effects = new HashMap<>();

  /** Stores a workflow version (and makes it the active one). */
  public void putGraph(TenantId tenant, UUID workflowId, int version, WorkflowGraph graph) {
    graphs.put(tenant + "/" + workflowId + "/" + version, graph);
    active.put(tenant + "/" + workflowId, version);
  }

  public synchronized List<StepRecord> steps(TenantId tenant, UUID executionId) {
    return List.copyOf(steps.getOrDefault(new Key(tenant, executionId), List.of()));
  }

  public synchronized List<ExecutionRecord> all() {
    return List.copyOf(executions.values());
  }

  public synchronized int executionCount() {
    return executions.size();
  }

  public synchronized int waitCount() {
    return waits.size();
  }

  /** The earliest due time among the waits, for a test clock that jumps to the next wake-up. */
  public synchronized Optional<Instant> nextDue() {
    return waits.values().stream().flatMap(w -> w.dueAt().stream()).min(Comparator.naturalOrder());
  }

  @Override
  public Optional<WorkflowGraph> graph(TenantId tenant, UUID workflowId, int version) {
    return Optional.ofNullable(graphs.get(tenant + "/" + workflowId + "/" + version));
  }

  @Override
  public Optional<Integer> activeVersion(TenantId tenant, UUID workflowId) {
    return Optional.ofNullable(active.get(tenant + "/" + workflowId));
  }

  @Override
  public synchronized void insert(ExecutionRecord e, List<StepRecord> newSteps, Optional<String> leaseOwner,
                                  Instant leaseUntil) {
    Key key = new Key(e.tenant(), e.id());
    if (executions.containsKey(key)) {
      throw new IllegalStateException("execution " + e.id() + " exists");
    }
    executions.put(key, e);
    leases.put(key, leaseOwner.map(o -> new Lease(o, leaseUntil)));
    steps.computeIfAbsent(key, k -> new ArrayList<>()).addAll(newSteps);
    syncWaits(e);
  }

  @Override
  public synchronized ExecutionRecord update(ExecutionRecord e, List<StepRecord> newSteps, Optional<String> leaseOwner,
                                             Instant leaseUntil) {
    Key key = new Key(e.tenant(), e.id());
    ExecutionRecord stored = executions.get(key);
    if (stored == null || stored.rowVersion() != e.rowVersion()) {
      throw new ConcurrentUpdateException(e.id());
    }
    ExecutionRecord written = e.withRowVersion(e.rowVersion() + 1);
    executions.put(key, written);
    leases.put(key, leaseOwner.map(o -> new Lease(o, leaseUntil)));
    steps.computeIfAbsent(key, k -> new ArrayList<>()).addAll(newSteps);
    syncWaits(e);
    return written;
  }

  @Override
  public synchronized Optional<ExecutionRecord> load(TenantId tenant, UUID executionId) {
    return Optional.ofNullable(executions.get(new Key(tenant, executionId)));
  }

  @Override
  public synchronized Optional<ExecutionRecord> acquire(TenantId tenant, UUID executionId, String owner, Instant now,
                                                        Instant until) {
    Key key = new Key(tenant, executionId);
    ExecutionRecord stored = executions.get(key);
    if (stored == null) {
      return Optional.empty();
    }
    Optional<Lease> lease = leases.getOrDefault(key, Optional.empty());
    if (lease.isPresent() && lease.get().until().isAfter(now) && !lease.get().owner().equals(owner)) {
      return Optional.empty();
    }
    ExecutionRecord written = stored.withRowVersion(stored.rowVersion() + 1);
    executions.put(key, written);
    leases.put(key, Optional.of(new Lease(owner, until)));
    return Optional.of(written);
  }

  @Override
  public synchronized boolean renewLease(TenantId tenant, UUID executionId, String owner, Instant until) {
    Key key = new Key(tenant, executionId);
    Optional<Lease> lease = leases.getOrDefault(key, Optional.empty());
    if (lease.isEmpty() || !lease.get().owner().equals(owner)) {
      return false;
    }
    leases.put(key, Optional.of(new Lease(owner, until)));
    return true;
  }

  @Override
  public synchronized List<ClaimedWait> claimDueWithState(Instant now, int limit, String owner, Instant until) {
    List<WaitRow> due = waits.values().stream()
        .filter(w -> w.dueAt().filter(d -> !d.isAfter(now)).isPresent())
        .filter(w -> w.claim().map(c -> c.until().isBefore(now)).orElse(true))
        .sorted(Comparator.comparing(w -> w.dueAt().orElseThrow()))
        .limit(limit)
        .toList();
    List<ClaimedWait> claimed = new ArrayList<>();
    for (WaitRow w : due) {
      waits.put(waitKey(w.tenant(), w.executionId(), w.tokenId()),
          new WaitRow(w.tenant(), w.executionId(), w.tokenId(), w.dueAt(), w.eventKey(), Optional.of(new Lease(owner, until)),
              w.payload()));
      // the runner takes the execution's lease itself: nothing is read with the claim here
      claimed.add(new ClaimedWait(new DueWait(w.tenant(), w.executionId(), w.tokenId(), w.dueAt(), w.eventKey(),
          w.payload()), Optional.empty()));
    }
    return claimed;
  }

  @Override
  public synchronized List<StaleExecution> claimStale(Instant now, int limit, String owner, Instant until) {
    List<StaleExecution> stale = new ArrayList<>();
    for (Map.Entry<Key, ExecutionRecord> e : executions.entrySet()) {
      boolean live = e.getValue().status() == io.switchboard.engine.runner.ExecutionStatus.RUNNING
          || e.getValue().status() == io.switchboard.engine.runner.ExecutionStatus.QUEUED;
      Optional<Lease> lease = leases.getOrDefault(e.getKey(), Optional.empty());
      if (live && lease.isPresent() && lease.get().until().isBefore(now) && stale.size() < limit) {
        leases.put(e.getKey(), Optional.of(new Lease(owner, until)));
        executions.put(e.getKey(), e.getValue().withRowVersion(e.getValue().rowVersion() + 1));
        stale.add(new StaleExecution(e.getKey().tenant(), e.getKey().id()));
      }
    }
    return stale;
  }

  @Override
  public synchronized List<DueWait> waitsFor(TenantId tenant, String eventKey) {
    return waits.values().stream()
        .filter(w -> w.tenant().equals(tenant) && w.eventKey().filter(eventKey::equals).isPresent())
        .map(w -> new DueWait(w.tenant(), w.executionId(), w.tokenId(), w.dueAt(), w.eventKey(), w.payload()))
        .toList();
  }

  @Override
  public synchronized void holdEvent(TenantId tenant, UUID executionId, String tokenId, JsonNode payload, Instant at) {
    String key = waitKey(tenant, executionId, tokenId);
    WaitRow w = waits.get(key);
    if (w != null) {
      waits.put(key, new WaitRow(tenant, executionId, tokenId, Optional.of(at), w.eventKey(), Optional.empty(),
          Optional.of(payload)));
    }
  }

  @Override
  public synchronized void removeWait(TenantId tenant, UUID executionId, String tokenId) {
    waits.remove(waitKey(tenant, executionId, tokenId));
  }

  @Override
  public synchronized boolean recordEffect(TenantId tenant, UUID executionId, String idempotencyKey, JsonNode result) {
    return effects.putIfAbsent(tenant + "/" + idempotencyKey, result) == null;
  }

  @Override
  public synchronized Optional<JsonNode> recordedEffect(TenantId tenant, String idempotencyKey) {
    return Optional.ofNullable(effects.get(tenant + "/" + idempotencyKey));
  }

  private void syncWaits(ExecutionRecord e) {
    waits.entrySet().removeIf(w -> w.getValue().tenant().equals(e.tenant()) && w.getValue().executionId().equals(e.id())
        && !e.state().parked().containsKey(w.getValue().tokenId()));
    for (Map.Entry<String, Parked> p : e.state().parked().entrySet()) {
      String key = waitKey(e.tenant(), e.id(), p.getKey());
      WaitRow existing = waits.get(key);
      WaitRow fresh = new WaitRow(e.tenant(), e.id(), p.getKey(), p.getValue().dueAt(), p.getValue().eventKey(),
          Optional.empty(), Optional.empty());
      boolean holdsEvent = existing != null && existing.payload().isPresent();
      if (!holdsEvent && (existing == null || !existing.dueAt().equals(fresh.dueAt())
          || !existing.eventKey().equals(fresh.eventKey()))) {
        waits.put(key, fresh);
      }
    }
  }

  private static String waitKey(TenantId tenant, UUID executionId, String tokenId) {
    return tenant + "/" + executionId + "/" + tokenId;
  }
}
