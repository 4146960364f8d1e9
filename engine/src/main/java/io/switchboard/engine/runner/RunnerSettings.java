package io.switchboard.engine.runner;

import java.time.Duration;
import java.time.ZoneId;

/**
 * @param owner              this runner's name in leases and claims (unique per process)
 * @param lease              how long a runner may hold an execution without renewing
 * @param defaultNodeTimeout a node's time limit when it sets none
 * @param maxPayloadBytes    step inputs, configs and outputs larger than this are stored truncated
 * @param checkpointEvery    pure steps buffered before a checkpoint is forced
 * @param defaultZone        the time zone when neither workflow nor tenant sets one
 */
public record RunnerSettings(String owner, Duration lease, Duration defaultNodeTimeout, int maxPayloadBytes,
                             int checkpointEvery, ZoneId defaultZone) {

  public static RunnerSettings defaults(String owner) {
    return new RunnerSettings(owner, Duration.ofMinutes(2), Duration.ofSeconds(60), 256 * 1024, 100, ZoneId.of("UTC"));
  }
}
