package io.switchboard.engine.runner;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.engine.execution.ExecutionState;
import io.switchboard.engine.execution.Interpreter;
import io.switchboard.engine.execution.Parked;
import io.switchboard.engine.execution.Token;
import io.switchboard.engine.execution.Transition;
import io.switchboard.engine.expression.ExpressionException;
import io.switchboard.engine.expression.ExpressionScope;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.RespondsToCaller;
import io.switchboard.engine.spi.Resumption;
import io.switchboard.engine.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs executions: does the I/O around the {@link Interpreter}'s pure steps. It renders each node's
 * config against the execution context, calls the node (with its time limit), records the step,
 * and checkpoints the execution in the {@link ExecutionStore} — before and after every node with
 * side effects, and in batches for pure logic — so a crash resumes from the last checkpoint and
 * never silently repeats an effect. Waiting executions are written down and dropped from memory.
 */
public final class ExecutionRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutionRunner.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ExecutionStore store;
  private final io.switchboard.engine.spi.CredentialResolver credentials;
  private final NodeCatalog catalog;
  private final Interpreter interpreter;
  private final Expressions expressions;
  private final InstantSource clock;
  private final RunnerSettings settings;
  private final ExecutorService nodeThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final SplittableRandom random = new SplittableRandom();
  private final MeterRegistry meters;
  private final Map<ExecutionStatus, Counter> finished = new HashMap<>();
  private final Timer wakeupLateness;
  private final Map<String, Timer> stepTimers = new java.util.concurrent.ConcurrentHashMap<>();

  private volatile Admission admission = Admission.ALWAYS;

  /** Who decides whether new executions may start (quotas); by default every one may. */
  public void setAdmission(Admission admission) {
    this.admission = admission;
  }

  private volatile StepGate stepGate = StepGate.OPEN;

  /** Who decides whether a kind of step may run in a workspace (feature flags); by default every one may. */
  public void setStepGate(StepGate stepGate) {
    this.stepGate = stepGate;
  }

  public ExecutionRunner(ExecutionStore store, NodeCatalog catalog, Expressions expressions, InstantSource clock,
                         RunnerSettings settings, MeterRegistry meters) {
    this(store, catalog, expressions, clock, settings, meters, io.switchboard.engine.spi.CredentialResolver.NONE);
  }

  public ExecutionRunner(ExecutionStore store, NodeCatalog catalog, Expressions expressions, InstantSource clock,
                         RunnerSettings settings, MeterRegistry meters,
                         io.switchboard.engine.spi.CredentialResolver credentials) {
    this.credentials = credentials;
    this.store = store;
    this.catalog = catalog;
    this.interpreter = new Interpreter(catalog);
    this.expressions = expressions;
    this.clock = clock;
    this.settings = settings;
    this.meters = meters;
    for (ExecutionStatus s : ExecutionStatus.values()) {
      finished.put(s, Counter.builder("switchboard.executions").tag("outcome", s.dbValue())
          .description("Executions that reached a state").register(meters));
    }
    this.wakeupLateness = Timer.builder("switchboard.wakeup.lateness")
        .description("How late waiting executions resumed after their due time")
        .publishPercentiles(0.5, 0.99).register(meters);
  }

  /** What starts an execution. */
  public record Start(TenantId tenant, UUID workflowId, int workflowVersion, String triggerNodeId, String triggerKind,
                      JsonNode payload, Optional<UUID> parentExecutionId, Optional<String> zone) {}

  /** Starts an execution and runs it here until it ends or waits. */
  public ExecutionRecord start(Start start) {
    WorkflowGraph graph = graphOf(start.tenant(), start.workflowId(), start.workflowVersion());
    admit(start, graph);
    Instant now = clock.instant();
    ExecutionState state = interpreter.start(graph, start.triggerNodeId(), start.payload());
    ExecutionRecord record = newRecord(start, ExecutionStatus.RUNNING, state, now, Optional.empty());
    try {
      return drive(record, graph, false, zoneOf(start.tenant(), graph, start.zone()));
    } catch (ExecutionStore.ConcurrentUpdateException changed) {
      // cancelled (or taken over) while it ran: what is stored is the truth
      return store.load(start.tenant(), record.id()).orElseThrow(() -> changed);
    }
  }

  /**
   * Writes a queued execution down and returns at once; a runner picks it up (this one first,
   * through {@code dispatch}, or any node's sweeper if this one dies).
   */
  public ExecutionRecord enqueue(Start start) {
    WorkflowGraph graph = graphOf(start.tenant(), start.workflowId(), start.workflowVersion());
    admit(start, graph);
    Instant now = clock.instant();
    ExecutionState state = interpreter.queued(graph, start.triggerNodeId(), start.payload(), now);
    ExecutionRecord record = newRecord(start, ExecutionStatus.QUEUED, state, now, Optional.empty());
    store.insert(record, List.of(), Optional.empty(), now);
    return record;
  }

  /**
   * Resumes an execution whose wait came due (claimed by a sweeper). Does nothing when another
   * runner holds the execution or already resumed that wait. With the execution's state read by the
   * claim, it is not read or leased again, and the resume is one write, conditional on the row version
   * read (a checkpoint before a step with side effects takes the lease, as every checkpoint does).
   */
  public void resumeClaimed(ExecutionStore.ClaimedWait claimed) {
    ExecutionStore.DueWait due = claimed.due();
    if (due.eventPayload().isPresent()) {
      resume(due.tenant(), due.executionId(), due.tokenId(), "event", due.eventKey(), due.eventPayload().get(),
          Optional.empty(), claimed.execution());
      return;
    }
    String kind = due.eventKey().isPresent() ? "timeout" : "time";
    resume(due.tenant(), due.executionId(), due.tokenId(), kind, Optional.empty(), NullNode.getInstance(),
        due.dueAt(), claimed.execution());
  }

  /** Who this runner is in execution leases. */
  public String owner() {
    return settings.owner();
  }

  /** How long this runner's execution leases last before they must be renewed. */
  public Duration lease() {
    return settings.lease();
  }

  /**
   * Delivers an event to every execution of the tenant waiting for it; returns how many it reached.
   * An execution busy on another runner gets the event held on its wait, delivered by a sweeper as
   * soon as it is free: nothing received is lost.
   */
  public int deliver(TenantId tenant, String eventKey, JsonNode payload) {
    int reached = 0;
    for (ExecutionStore.DueWait wait : store.waitsFor(tenant, eventKey)) {
      if (wait.eventPayload().isPresent()) {
        continue; // an earlier event already holds this wait
      }
      Resume outcome = resume(tenant, wait.executionId(), wait.tokenId(), "event", Optional.of(eventKey), payload,
          Optional.empty(), Optional.empty());
      if (outcome == Resume.BUSY) {
        store.holdEvent(tenant, wait.executionId(), wait.tokenId(), payload, clock.instant());
      }
      if (outcome != Resume.GONE) {
        reached++;
      }
    }
    return reached;
  }

  private enum Resume { RESUMED, BUSY, GONE }

  /** "Resume now": ends every wait of a waiting execution as if its time had come. */
  public Optional<ExecutionRecord> resumeNow(TenantId tenant, UUID executionId) {
    List<String> parked = store.load(tenant, executionId)
        .map(r -> List.copyOf(r.state().parked().keySet())).orElse(List.of());
    for (String tokenId : parked) {
      resume(tenant, executionId, tokenId, "time", Optional.empty(), NullNode.getInstance(), Optional.empty(),
          Optional.empty());
    }
    return store.load(tenant, executionId);
  }

  /** Cancels a queued, running or waiting execution. False when it had already ended. */
  public boolean cancel(TenantId tenant, UUID executionId) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<ExecutionRecord> found = store.load(tenant, executionId);
      if (found.isEmpty() || found.get().status().finished()) {
        return false;
      }
      ExecutionRecord r = found.get();
      try {
        store.update(r.with(ExecutionStatus.CANCELLED, interpreter.cancelled(r.state()))
            .finishedAt(clock.instant(), r.output(), r.error()), List.of(), Optional.empty(), clock.instant());
        finished.get(ExecutionStatus.CANCELLED).increment();
        return true;
      } catch (ExecutionStore.ConcurrentUpdateException raced) {
        // a runner moved it on meanwhile; read again and cancel what is there now
      }
    }
    return false;
  }

  /**
   * Starts a new execution of the same workflow version at {@code nodeId}, with the input that node
   * had in the original, linked to it.
   */
  public ExecutionRecord replay(TenantId tenant, UUID executionId, String nodeId, JsonNode recordedInput) {
    ExecutionRecord original = store.load(tenant, executionId)
        .orElseThrow(() -> new IllegalArgumentException("no execution " + executionId));
    WorkflowGraph graph = graphOf(tenant, original.workflowId(), original.workflowVersion());
    if (graph.node(nodeId).isEmpty()) {
      throw new IllegalArgumentException("the workflow version has no node " + nodeId);
    }
    ExecutionState state = interpreter.replayFrom(original.state(), nodeId, recordedInput);
    Instant now = clock.instant();
    ExecutionRecord record = new ExecutionRecord(tenant, UUID.randomUUID(), original.workflowId(),
        original.workflowVersion(), ExecutionStatus.RUNNING, "replay", nodeId, original.triggerPayload(), state,
        original.parentExecutionId(), Optional.of(executionId), Optional.empty(), Optional.empty(), now,
        Optional.of(now), Optional.empty(), 0);
    return drive(record, graph, false, zoneOf(tenant, graph, Optional.empty()));
  }

  /** Takes over an execution whose runner died (its lease ran out), from its last checkpoint. */
  public Optional<ExecutionRecord> takeOver(TenantId tenant, UUID executionId) {
    Instant now = clock.instant();
    Optional<ExecutionRecord> held = store.acquire(tenant, executionId, settings.owner(), now, now.plus(settings.lease()));
    if (held.isEmpty() || held.get().status().finished()) {
      return held;
    }
    ExecutionRecord r = held.get();
    WorkflowGraph graph = graphOf(tenant, r.workflowId(), r.workflowVersion());
    log.info("taking over execution {} from its last checkpoint", executionId);
    return Optional.of(drive(r.with(ExecutionStatus.RUNNING, r.state()), graph, true, zoneOf(tenant, graph, Optional.empty())));
  }

  private Resume resume(TenantId tenant, UUID executionId, String tokenId, String kind, Optional<String> eventKey,
                        JsonNode payload, Optional<Instant> dueAt, Optional<ExecutionRecord> claimed) {
    // The lease keeps other runners out; this keeps out a second thread of this runner (a queued
    // execution dispatched here while the sweeper also claims its wake-up), which holds the same lease.
    if (!driving.add(executionId)) {
      return Resume.BUSY;
    }
    try {
      return resumeHere(tenant, executionId, tokenId, kind, eventKey, payload, dueAt, claimed);
    } finally {
      driving.remove(executionId);
    }
  }

  private final java.util.Set<UUID> driving = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private Resume resumeHere(TenantId tenant, UUID executionId, String tokenId, String kind, Optional<String> eventKey,
                            JsonNode payload, Optional<Instant> dueAt, Optional<ExecutionRecord> claimed) {
    Instant now = clock.instant();
    Optional<ExecutionRecord> held = claimed.isPresent() ? claimed
        : store.acquire(tenant, executionId, settings.owner(), now, now.plus(settings.lease()));
    if (held.isEmpty()) {
      return Resume.BUSY; // another runner has it; a claimed wait stays claimed until its lease ends
    }
    ExecutionRecord r = held.get();
    Optional<ExecutionState> resumed = r.status().finished() || r.state() == null ? Optional.empty()
        : interpreter.resume(r.state(), tokenId, kind, eventKey, payload);
    if (resumed.isEmpty()) {
      // Already resumed, cancelled or ended: drop the stale wait and hand the execution back.
      store.removeWait(tenant, executionId, tokenId);
      store.update(r, List.of(), Optional.empty(), now);
      return Resume.GONE;
    }
    dueAt.ifPresent(due -> wakeupLateness.record(Duration.between(due, now).isNegative() ? Duration.ZERO
        : Duration.between(due, now)));
    WorkflowGraph graph = graphOf(tenant, r.workflowId(), r.workflowVersion());
    ExecutionRecord running = r.with(ExecutionStatus.RUNNING, resumed.get());
    if (r.startedAt().isEmpty()) {
      running = running.startedAt(now);
    }
    try {
      drive(running, graph, true, zoneOf(tenant, graph, Optional.empty()));
      return Resume.RESUMED;
    } catch (ExecutionStore.ConcurrentUpdateException lost) {
      log.info("execution {} was changed while it ran (cancelled, or taken over); this runner stops", executionId, lost);
      return Resume.RESUMED;
    }
  }

  /** The loop: run ready nodes until the execution ends, fails or only waits remain. */
  private ExecutionRecord drive(ExecutionRecord record, WorkflowGraph graph, boolean stored, ZoneId zone) {
    List<StepRecord> pending = new ArrayList<>();
    ExecutionState state = record.state();
    ExecutionRecord current = record;
    while (true) {
      state = interpreter.settle(graph, state);
      Optional<Token> next = interpreter.next(state);
      if (next.isEmpty()) {
        break;
      }
      Token token = next.get();
      Node node = graph.node(token.nodeId()).orElseThrow();
      Optional<NodeType<?>> type = catalog.find(node.type());
      boolean effectful = type.map(NodeType::hasSideEffects).orElse(false);
      if (effectful || pending.size() >= settings.checkpointEvery()) {
        current = checkpoint(current.with(ExecutionStatus.RUNNING, state), pending, stored);
        stored = true;
      }
      Instant started = clock.instant();
      Executed executed = execute(current, graph, node, type, token, state, zone);
      Instant ended = clock.instant();
      Transition transition = interpreter.apply(graph, state, token, executed.result(), ended, random.nextDouble());
      state = transition.state();
      if (executed.result() instanceof NodeResult.Emit emit && type.orElse(null) instanceof RespondsToCaller) {
        state = interpreter.withResponse(state, emit.output());
      }
      stepTimers.computeIfAbsent(node.type(), t -> Timer.builder("switchboard.step.duration").tag("type", t)
          .description("Time a step took, by node type").register(meters)).record(Duration.between(started, ended));
      pending.add(stepRecord(current, node, token, executed, transition, started, ended));
      if (transition.failure().isPresent()) {
        return finish(current.with(ExecutionStatus.FAILED, state), pending, stored, transition.failure(), graph);
      }
      if (effectful) {
        current = checkpoint(current.with(ExecutionStatus.RUNNING, state), pending, stored);
      }
    }
    ExecutionStatus status = state.parked().isEmpty() ? ExecutionStatus.SUCCEEDED : ExecutionStatus.WAITING;
    return finish(current.with(status, state), pending, stored, Optional.empty(), graph);
  }

  private ExecutionRecord checkpoint(ExecutionRecord record, List<StepRecord> pending, boolean stored) {
    Instant now = clock.instant();
    ExecutionRecord written;
    if (stored) {
      written = store.update(record, List.copyOf(pending), Optional.of(settings.owner()), now.plus(settings.lease()));
    } else {
      store.insert(record, List.copyOf(pending), Optional.of(settings.owner()), now.plus(settings.lease()));
      written = record;
    }
    pending.clear();
    return written;
  }

  private ExecutionRecord finish(ExecutionRecord record, List<StepRecord> pending, boolean stored,
                                 Optional<Transition.Failure> failure, WorkflowGraph graph) {
    Instant now = clock.instant();
    ExecutionRecord done = record;
    if (record.status().finished()) {
      Optional<JsonNode> error = failure.map(f -> {
        ObjectNode e = NODES.objectNode();
        e.put("node", f.nodeName());
        e.put("nodeId", f.nodeId());
        e.put("code", f.code());
        e.put("message", f.message());
        return e;
      });
      Optional<JsonNode> output = record.status() == ExecutionStatus.SUCCEEDED
          ? Optional.of(record.state().response().orElse(record.state().lastOutput())) : Optional.empty();
      done = record.finishedAt(now, output, error);
    }
    if (stored) {
      done = store.update(done, List.copyOf(pending), Optional.empty(), now);
    } else {
      store.insert(done, List.copyOf(pending), Optional.empty(), now);
    }
    pending.clear();
    finished.get(done.status()).increment();
    if (done.status().finished()) {
      afterFinish(done, graph);
    } else if (done.status() == ExecutionStatus.WAITING) {
      deliverChildrenAlreadyEnded(done);
    }
    return done;
  }

  /** The trigger kind of executions started because another one failed. */
  public static final String ERROR_WORKFLOW_TRIGGER = "error-workflow";

  // A child tells its parent it ended; a failure nothing handled starts the error workflow.
  private void afterFinish(ExecutionRecord done, WorkflowGraph graph) {
    if (done.status() == ExecutionStatus.FAILED && graph.settings().errorWorkflowId().isPresent()
        && !ERROR_WORKFLOW_TRIGGER.equals(done.triggerKind())) {
      startErrorWorkflow(done, graph.settings().errorWorkflowId().get());
    }
    if (done.parentExecutionId().isPresent()) {
      nodeThreads.submit(() -> deliver(done.tenant(), childEventKey(done.id()), childResult(done)));
      log.debug("child {} of {} ended {}", done.id(), done.parentExecutionId().get(), done.status());
    }
  }

  private static ObjectNode childResult(ExecutionRecord child) {
    ObjectNode result = NODES.objectNode();
    result.put("executionId", child.id().toString());
    result.put("status", child.status().dbValue());
    result.set("output", child.output().orElse(NullNode.getInstance()));
    result.set("error", child.error().orElse(NullNode.getInstance()));
    return result;
  }

  // A child started by a step can end before its parent has written down that it waits for it; its
  // result then reached no wait. Once the wait is written, look at the child: if it has ended, deliver
  // its result now (delivering twice is harmless: a wait resumes once).
  private void deliverChildrenAlreadyEnded(ExecutionRecord parent) {
    for (Parked parked : parent.state().parked().values()) {
      Optional<UUID> child = parked.eventKey().filter(k -> k.startsWith(CHILD_EVENT_PREFIX))
          .map(k -> UUID.fromString(k.substring(CHILD_EVENT_PREFIX.length())));
      child.flatMap(id -> store.load(parent.tenant(), id)).filter(c -> c.status().finished())
          .ifPresent(c -> nodeThreads.submit(() -> deliver(parent.tenant(), childEventKey(c.id()), childResult(c))));
    }
  }

  private void startErrorWorkflow(ExecutionRecord failed, UUID errorWorkflowId) {
    try {
      Optional<Integer> version = store.activeVersion(failed.tenant(), errorWorkflowId);
      Optional<String> trigger = version.flatMap(v -> store.graph(failed.tenant(), errorWorkflowId, v))
          .flatMap(g -> g.firstTrigger(catalog));
      if (version.isEmpty() || trigger.isEmpty()) {
        log.warn("execution {} failed, but its error workflow {} is not active or has no trigger", failed.id(),
            errorWorkflowId);
        return;
      }
      ObjectNode payload = NODES.objectNode();
      payload.put("failedExecutionId", failed.id().toString());
      payload.put("workflowId", failed.workflowId().toString());
      payload.set("error", failed.error().orElse(NullNode.getInstance()));
      dispatch(enqueue(new Start(failed.tenant(), errorWorkflowId, version.get(), trigger.get(), ERROR_WORKFLOW_TRIGGER,
          payload, Optional.empty(), Optional.empty())));
    } catch (RuntimeException e) {
      log.warn("could not start the error workflow of execution {}", failed.id(), e);
    }
  }

  private static final String CHILD_EVENT_PREFIX = "execution:";

  /** The event a parent waits for when it started {@code childExecutionId}. */
  public static String childEventKey(UUID childExecutionId) {
    return CHILD_EVENT_PREFIX + childExecutionId;
  }

  private record Executed(NodeResult result, JsonNode renderedConfig) {}

  private Executed execute(ExecutionRecord record, WorkflowGraph graph, Node node, Optional<NodeType<?>> type,
                           Token token, ExecutionState state, ZoneId zone) {
    if (type.isEmpty()) {
      return new Executed(new NodeResult.Fail("unknown_node_type", "The step \"" + node.name()
          + "\" uses a kind of step this Switchboard does not know (" + node.type() + ").", false), node.config());
    }
    Optional<StepGate.Closed> closed = stepGate.check(record.tenant(), node.type());
    if (closed.isPresent()) {
      return new Executed(new NodeResult.Fail(closed.get().code(), "The step \"" + node.name() + "\" did not run: "
          + closed.get().message(), false), node.config());
    }
    ExpressionScope scope = new ExpressionScope(state.trigger(), state.outputs(), state.trigger().path("contact"),
        store.tenantContext(record.tenant()).variables(), clock.instant(), zone, token.data());
    JsonNode rendered;
    try {
      rendered = expressions.renderConfig(node.config(), scope);
    } catch (ExpressionException e) {
      return new Executed(new NodeResult.Fail(e.code(), "The step \"" + node.name() + "\" could not fill in its settings: "
          + e.getMessage(), false), node.config());
    }
    return new Executed(call(type.get(), record, node, token, rendered, scope, zone), rendered);
  }

  /**
   * Told when a run on this thread waits for a step that runs elsewhere (a step with side effects,
   * such as a call to a provider or a model, or one with a time limit) and when it goes on: a caller
   * that lets only so many runs work at once (the webhook receiver) lends the run's turn out meanwhile.
   */
  public interface OutsideWaits {
    void waiting();

    void resumed();
  }

  private static final ThreadLocal<OutsideWaits> OUTSIDE_WAITS = new ThreadLocal<>();

  /** Runs {@code work} (a start or resume on this thread) telling {@code waits} of its steps' outside waits. */
  public static <T> T withOutsideWaits(OutsideWaits waits, java.util.function.Supplier<T> work) {
    OutsideWaits outer = OUTSIDE_WAITS.get();
    OUTSIDE_WAITS.set(waits);
    try {
      return work.get();
    } finally {
      OUTSIDE_WAITS.set(outer);
    }
  }

  /** A node's settings, by identity: a cached graph's nodes are the same objects on every run. */
  private record SameNode(JsonNode node) {
    @Override
    public boolean equals(Object other) {
      return other instanceof SameNode same && same.node == node;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(node);
    }
  }

  private final Map<SameNode, Record> fixedConfigs = new ConcurrentHashMap<>();

  // Settings without placeholders (rendering gave back the graph's own node) are read into their
  // record once, not on every run: binding them cost a twentieth of a webhook run's CPU.
  @SuppressWarnings("unchecked")
  private <C extends Record> C fixedConfig(NodeType<C> type, JsonNode config) {
    SameNode key = new SameNode(config);
    Record known = fixedConfigs.get(key);
    if (known != null && type.configType().isInstance(known)) {
      return (C) known;
    }
    C bound = JSON.treeToValue(config, type.configType());
    if (fixedConfigs.size() > 10_000) {
      fixedConfigs.clear();
    }
    fixedConfigs.put(key, bound);
    return bound;
  }

  private <C extends Record> NodeResult call(NodeType<C> type, ExecutionRecord record, Node node, Token token,
                                             JsonNode rendered, ExpressionScope scope, ZoneId zone) {
    C config;
    try {
      config = rendered == node.config() ? fixedConfig(type, rendered) : JSON.treeToValue(rendered, type.configType());
    } catch (RuntimeException e) {
      return new NodeResult.Fail("invalid_config", "The step \"" + node.name() + "\" has a setting that is not valid: "
          + rootMessage(e), false);
    }
    NodeContext context = new RunnerNodeContext(record, node, token, scope, zone);
    if (!type.hasSideEffects() && node.options().timeout().isEmpty()) {
      return safely(type, config, context, node);
    }
    OutsideWaits waits = OUTSIDE_WAITS.get();
    if (waits == null) {
      return elsewhere(type, config, context, node, record);
    }
    waits.waiting(); // before the step starts elsewhere, so its turn is lent for all of it
    try {
      return elsewhere(type, config, context, node, record);
    } finally {
      waits.resumed();
    }
  }

  // Runs a step on the node threads, within its time limit, keeping the execution's lease meanwhile.
  private <C extends Record> NodeResult elsewhere(NodeType<C> type, C config, NodeContext context, Node node,
                                                  ExecutionRecord record) {
    Duration limit = node.options().timeout().orElse(settings.defaultNodeTimeout());
    Future<NodeResult> running = nodeThreads.submit(() -> safely(type, config, context, node));
    try {
      return awaitWithHeartbeat(running, limit, record);
    } catch (TimeoutException e) {
      running.cancel(true);
      return new NodeResult.Fail("timeout", "The step \"" + node.name() + "\" took longer than its limit of "
          + describe(limit) + ".", true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.cancel(true);
      return new NodeResult.Fail("interrupted", "The step \"" + node.name() + "\" was interrupted.", true);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error fatal) {
        throw fatal; // the process is unwell: stop here, another runner takes over from the checkpoint
      }
      return new NodeResult.Fail("node_error", "The step \"" + node.name() + "\" failed: " + rootMessage(e), true);
    }
  }

  // A node may run longer than the lease: renew it every third of a lease while waiting, so no other
  // runner takes the execution over while this one is still working on it.
  private NodeResult awaitWithHeartbeat(Future<NodeResult> running, Duration limit, ExecutionRecord record)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + limit.toNanos();
    long beat = Math.max(1, settings.lease().toNanos() / 3);
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        return running.get(Math.min(left, beat), TimeUnit.NANOSECONDS);
      } catch (TimeoutException stillRunning) {
        if (deadline - System.nanoTime() > 0) {
          store.renewLease(record.tenant(), record.id(), settings.owner(), clock.instant().plus(settings.lease()));
        }
      }
    }
  }

  private static <C extends Record> NodeResult safely(NodeType<C> type, C config, NodeContext context, Node node) {
    try {
      NodeResult result = type.execute(config, context);
      return result == null ? new NodeResult.Emit("out", NullNode.getInstance()) : result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NodeResult.Fail("interrupted", "The step \"" + node.name() + "\" was interrupted.", true);
    } catch (NodeContext.EvaluationFailed e) {
      return new NodeResult.Fail(e.code(), "The step \"" + node.name() + "\": " + e.getMessage(), false);
    } catch (io.switchboard.engine.spi.NodeFailure e) {
      return new NodeResult.Fail(e.code(), e.getMessage(), e.retryable());
    } catch (io.switchboard.engine.spi.NodeFailure.Refused e) {
      return new NodeResult.Fail(e.code(), "The step \"" + node.name() + "\": " + e.getMessage(), false);
    } catch (Exception e) {
      log.warn("node {} ({}) threw", node.name(), node.type(), e);
      return new NodeResult.Fail("node_error", "The step \"" + node.name() + "\" failed: " + rootMessage(e), true);
    }
  }

  private StepRecord stepRecord(ExecutionRecord record, Node node, Token token, Executed executed, Transition t,
                                Instant started, Instant ended) {
    Transition.StepOutcome outcome = t.step();
    Optional<JsonNode> output = executed.result() instanceof NodeResult.Emit emit
        ? Optional.of(emit.output() == null ? NullNode.getInstance() : emit.output()) : Optional.empty();
    if (executed.result() instanceof NodeResult.Wait wait) {
      ObjectNode waiting = NODES.objectNode();
      waiting.put("waitingFor", wait.until().toString());
      output = Optional.of(waiting);
    }
    Optional<JsonNode> error = outcome.error().map(f -> {
      ObjectNode e = NODES.objectNode();
      e.put("code", f.code());
      e.put("message", f.message());
      return e;
    });
    Bounded input = bound(token.data());
    Bounded config = bound(executed.renderedConfig());
    Optional<Bounded> out = output.map(this::bound);
    boolean truncated = input.truncated() || config.truncated() || out.map(Bounded::truncated).orElse(false);
    return new StepRecord(outcome.seq(), node.id(), node.name(), token.attempt(), outcome.status(), input.value(),
        config.value(), out.map(Bounded::value), outcome.port(), error, started, ended,
        idempotencyKey(record.id(), token), truncated);
  }

  private record Bounded(JsonNode value, boolean truncated) {}

  // Large payloads are kept as a preview with a visible note rather than failing the execution.
  private Bounded bound(JsonNode value) {
    if (roughSize(value, settings.maxPayloadBytes() / 2) < settings.maxPayloadBytes() / 2) {
      return new Bounded(value, false); // clearly small: no need to write it out to measure it
    }
    String text = JSON.writeValueAsString(value);
    if (text.length() <= settings.maxPayloadBytes()) {
      return new Bounded(value, false);
    }
    ObjectNode note = NODES.objectNode();
    note.put("truncated", true);
    note.put("note", "This data was " + text.length() / 1024 + " KB; only the first 2 KB are kept.");
    note.put("preview", text.substring(0, 2048));
    return new Bounded(note, true);
  }

  /** A cheap estimate of a value's JSON size, which stops counting once past {@code stopAt}. */
  private static long roughSize(JsonNode value, long stopAt) {
    java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
    pending.push(value);
    long size = 0;
    while (!pending.isEmpty() && size < stopAt) {
      JsonNode n = pending.pop();
      if (n.isString()) {
        size += n.asString().length() * 2L + 2;
      } else if (n.isObject()) {
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          size += e.getKey().length() * 2L + 4;
          pending.push(e.getValue());
        }
      } else if (n.isArray()) {
        size += 2;
        n.values().forEach(pending::push);
      } else {
        size += 24;
      }
    }
    return size;
  }

  static String idempotencyKey(UUID executionId, Token token) {
    return executionId + ":" + token.id() + ":" + token.attempt();
  }

  private ExecutionRecord newRecord(Start start, ExecutionStatus status, ExecutionState state, Instant now,
                                    Optional<UUID> replayOf) {
    return new ExecutionRecord(start.tenant(), UUID.randomUUID(), start.workflowId(), start.workflowVersion(), status,
        start.triggerKind(), start.triggerNodeId(), start.payload(), state, start.parentExecutionId(), replayOf,
        Optional.empty(), Optional.empty(), now, status == ExecutionStatus.RUNNING ? Optional.of(now) : Optional.empty(),
        Optional.empty(), 0);
  }

  private void admit(Start start, WorkflowGraph graph) {
    admission.admit(start.tenant(), start.workflowId(), start.triggerKind(),
        graph.node(start.triggerNodeId()).map(Node::type).orElse(""));
  }

  private WorkflowGraph graphOf(TenantId tenant, UUID workflowId, int version) {
    return store.graph(tenant, workflowId, version).orElseThrow(() -> new IllegalArgumentException(
        "workflow " + workflowId + " has no version " + version));
  }

  private ZoneId zoneOf(TenantId tenant, WorkflowGraph graph, Optional<String> requested) {
    try {
      return ZoneId.of(graph.settings().timezone().or(() -> requested)
          .or(() -> store.tenantContext(tenant).timezone()).orElse(settings.defaultZone().getId()));
    } catch (RuntimeException e) {
      return settings.defaultZone();
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static String describe(Duration d) {
    return d.toSeconds() >= 60 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
  }

  @Override
  public void close() {
    nodeThreads.shutdown();
  }

  /** What a node sees of its execution while it runs. */
  private final class RunnerNodeContext implements NodeContext {
    private final ExecutionRecord record;
    private final Node node;
    private final Token token;
    private final ExpressionScope scope;
    private final ZoneId zone;

    RunnerNodeContext(ExecutionRecord record, Node node, Token token, ExpressionScope scope, ZoneId zone) {
      this.record = record;
      this.node = node;
      this.token = token;
      this.scope = scope;
      this.zone = zone;
    }

    @Override public TenantId tenant() { return record.tenant(); }
    @Override public UUID executionId() { return record.id(); }
    @Override public UUID workflowId() { return record.workflowId(); }
    @Override public String nodeId() { return node.id(); }
    @Override public String nodeName() { return node.name(); }
    @Override public int attempt() { return token.attempt(); }
    @Override public String idempotencyKey() { return ExecutionRunner.idempotencyKey(record.id(), token); }
    @Override public JsonNode input() { return token.data(); }
    @Override public InstantSource clock() { return clock; }
    @Override public ZoneId zone() { return zone; }
    @Override public Logger log() { return LoggerFactory.getLogger("io.switchboard.node." + node.type()); }
    @Override public JsonNode memo() { return token.memo(); }

    @Override
    public JsonNode expressionScope() {
      ObjectNode s = NODES.objectNode();
      s.set("trigger", scope.trigger());
      ObjectNode nodes = s.putObject("nodes");
      scope.nodes().forEach(nodes::set);
      s.set("contact", scope.contact());
      s.set("vars", scope.vars());
      return s;
    }

    @Override
    public Optional<Resumption> resumption() {
      return token.resumeKind().map(kind -> switch (kind) {
        case "event" -> new Resumption.EventArrived(token.resumeEventKey().orElse(""), token.resumePayload());
        case "timeout" -> new Resumption.TimedOut();
        default -> new Resumption.TimeReached();
      });
    }

    @Override
    public Optional<io.switchboard.engine.spi.Credential> credential(UUID credentialId) {
      return credentials.find(record.tenant(), credentialId);
    }

    @Override
    public JsonNode performOnce(Effect effect) throws Exception {
      String key = idempotencyKey();
      Optional<JsonNode> recorded = store.recordedEffect(record.tenant(), key);
      if (recorded.isPresent()) {
        log().info("step {} of execution {} already performed its effect; not repeating it", node.name(), record.id());
        return recorded.get();
      }
      JsonNode result = effect.perform();
      store.recordEffect(record.tenant(), record.id(), key, result == null ? NullNode.getInstance() : result);
      return result;
    }

    @Override
    public UUID startChildExecution(UUID workflowId, JsonNode input) {
      int version = store.activeVersion(record.tenant(), workflowId).orElseThrow(() -> new IllegalStateException(
          "the workflow to run is not active; activate it first"));
      WorkflowGraph child = graphOf(record.tenant(), workflowId, version);
      String trigger = child.firstTrigger(catalog)
          .orElseThrow(() -> new IllegalStateException("the workflow to run has no trigger"));
      ExecutionRecord queued = enqueue(new Start(record.tenant(), workflowId, version, trigger, "parent", input,
          Optional.of(record.id()), Optional.of(zone.getId())));
      dispatch(queued);
      return queued.id();
    }

    @Override
    public JsonNode evaluate(String expression) throws EvaluationFailed {
      try {
        return expressions.evaluate(expression, scope);
      } catch (ExpressionException e) {
        throw new EvaluationFailed(e.code(), e.getMessage());
      }
    }

    @Override
    public boolean test(String condition) throws EvaluationFailed {
      try {
        return expressions.test(condition, scope);
      } catch (ExpressionException e) {
        throw new EvaluationFailed(e.code(), e.getMessage());
      }
    }
  }

  /** Runs queued executions and resumes their trigger tokens here; used right after {@link #enqueue}. */
  public void dispatch(ExecutionRecord queued) {
    nodeThreads.submit(() -> {
      try {
        resume(queued.tenant(), queued.id(), firstParkedToken(queued), "time", Optional.empty(), NullNode.getInstance(),
            Optional.empty(), Optional.empty());
      } catch (RuntimeException e) {
        // left queued: a sweeper picks it up when its claim runs out; say so rather than fail silently
        log.warn("could not start queued execution {} here; a sweeper will pick it up", queued.id(), e);
      }
    });
  }

  private static String firstParkedToken(ExecutionRecord record) {
    return record.state().parked().keySet().stream().findFirst().orElse("t1");
  }
}
