package io.switchboard.bench.engine;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

/**
 * Runs {@link EngineStepBenchmark} with JMH (2 forks x 3 warm-up + 5 measured iterations of 2 s) and
 * prints {@code engine-step: ns_per_node= ...}: the average time of one execution divided by its
 * {@value EngineStepBenchmark#LOGIC_NODES} Set and If steps.
 */
public final class EngineStep {

  private EngineStep() {}

  public static void main(String[] args) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(EngineStepBenchmark.class.getName() + ".run$")
        .forks(Integer.getInteger("bench.forks", 2))
        .warmupIterations(3)
        .warmupTime(TimeValue.seconds(2))
        .measurementIterations(5)
        .measurementTime(TimeValue.seconds(2))
        .threads(1)
        .jvmArgsAppend("-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Result<?> primary = results.iterator().next().getPrimaryResult();
    double nsPerExecution = primary.getScore();
    double errorNs = primary.getScoreError();
    int nodes = EngineStepBenchmark.LOGIC_NODES;
    System.out.printf("engine-step: ns_per_node=%.0f ns_per_node_error=%.0f us_per_execution=%.1f nodes=%d forks=%d%n",
        nsPerExecution / nodes, Double.isNaN(errorNs) ? 0 : errorNs / nodes, nsPerExecution / 1000, nodes,
        options.getForkCount().orElse(2));
  }
}
