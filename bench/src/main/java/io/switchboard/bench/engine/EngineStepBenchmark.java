package io.switchboard.bench.engine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.RunnerSettings;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.BuiltInNodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** One whole execution of the {@link LinearFlow} per operation, on the in-memory store. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineStepBenchmark {

  /** Set and If steps per execution; the trigger step comes on top. */
  public static final int LOGIC_NODES = 20;
  private static final int EXECUTIONS_PER_STORE = 1_000;

  private final TenantId tenant = TenantId.random();
  private final UUID workflow = UUID.randomUUID();
  private ExecutionRunner runner;
  private JsonNode payload;

  @Setup(Level.Trial)
  public void deploy() {
    WorkflowGraph graph = LinearFlow.graph(LOGIC_NODES);
    RecyclingExecutionStore store = new RecyclingExecutionStore(EXECUTIONS_PER_STORE, tenant, workflow, graph);
    runner = new ExecutionRunner(store, BuiltInNodes.catalog(), Expressions.withDefaults(), InstantSource.system(),
        RunnerSettings.defaults("bench"), new SimpleMeterRegistry());
    payload = JsonMapper.builder().build().readTree("{\"visits\": 7, \"name\": \"Ana\"}");
    // Measure the real path only: every step runs and the run succeeds.
    ExecutionRecord first = run();
    int steps = store.current().steps(tenant, first.id()).size();
    if (first.status() != ExecutionStatus.SUCCEEDED || steps != LOGIC_NODES + 1) {
      throw new IllegalStateException("the flow did not run to its end: " + first.status() + " after " + steps
          + " steps, error " + first.error());
    }
  }

  @Benchmark
  public ExecutionRecord run() {
    return runner.start(new ExecutionRunner.Start(tenant, workflow, 1, LinearFlow.TRIGGER, "manual", payload,
        Optional.empty(), Optional.empty()));
  }

  @TearDown(Level.Trial)
  public void close() {
    runner.close();
  }
}
