package io.switchboard.nodes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.RunnerSettings;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.store.InMemoryExecutionStore;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.wakeup.WakeupSweeper;
import io.switchboard.nodes.catalog.ListNodeCatalog;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine with the built-in nodes, an in-memory store and a clock the test moves: waiting is a
 * jump of the clock to the next due wake-up, so "wait three days" runs in milliseconds.
 */
final class EngineHarness implements AutoCloseable {

  final TenantId tenant = TenantId.random();
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T08:00:00Z"));
  final InstantSource clock = () -> now.get();
  final InMemoryExecutionStore store = new InMemoryExecutionStore();
  final ExecutionRunner runner;
  final WakeupSweeper sweeper;

  EngineHarness(NodeType<?>... extraTypes) {
    this(io.switchboard.engine.spi.CredentialResolver.NONE, extraTypes);
  }

  /** Extra types replace built-in ones with the same key (an HTTP node with a test allow-list, say). */
  EngineHarness(io.switchboard.engine.spi.CredentialResolver credentials, NodeType<?>... extraTypes) {
    List<NodeType<?>> types = new ArrayList<>();
    java.util.Set<String> overridden = java.util.Arrays.stream(extraTypes).map(NodeType::key)
        .collect(java.util.stream.Collectors.toSet());
    BuiltInNodes.all().stream().filter(t -> !overridden.contains(t.key())).forEach(types::add);
    types.addAll(List.of(extraTypes));
    runner = new ExecutionRunner(store, new ListNodeCatalog(types), Expressions.withDefaults(), clock,
        RunnerSettings.defaults("test-runner"), new SimpleMeterRegistry(), credentials);
    sweeper = new WakeupSweeper(store, runner, clock, "test-sweeper", 100, 16, Duration.ofMinutes(1));
  }

  UUID deploy(WorkflowGraph graph) {
    UUID workflow = UUID.randomUUID();
    store.putGraph(tenant, workflow, 1, graph);
    return workflow;
  }

  ExecutionRecord start(UUID workflow, String trigger, JsonNode payload) {
    return runner.start(new ExecutionRunner.Start(tenant, workflow, 1, trigger, "test", payload, Optional.empty(),
        Optional.of("America/New_York")));
  }

  ExecutionRecord load(UUID execution) {
    return store.load(tenant, execution).orElseThrow();
  }

  /** Moves the clock to the next due wait and resumes what came due; false when nothing waits on time. */
  boolean jumpToNextWakeup() throws InterruptedException {
    Optional<Instant> due = store.nextDue();
    if (due.isEmpty()) {
      return false;
    }
    if (due.get().isAfter(now.get())) {
      now.set(due.get());
    }
    sweeper.sweepOnce();
    sweeper.awaitIdle(Duration.ofSeconds(10));
    return true;
  }

  void advance(Duration by) {
    now.updateAndGet(i -> i.plus(by));
  }

  @Override
  public void close() {
    sweeper.close();
    runner.close();
  }
}
