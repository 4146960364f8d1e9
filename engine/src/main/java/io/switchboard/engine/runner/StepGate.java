package io.switchboard.engine.runner;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * Decides, before each step runs, whether the workspace may use that kind of step at all (a feature
 * switched off for it). A closed gate fails the step with its reason instead of running it.
 */
@FunctionalInterface
public interface StepGate {

  StepGate OPEN = (tenant, nodeType) -> Optional.empty();

  /** Empty when the step may run; otherwise why not, in plain words, with a stable code. */
  Optional<Closed> check(TenantId tenant, String nodeType);

  /** Why a kind of step may not run in a workspace. */
  record Closed(String code, String message) {}
}
