package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;
import java.util.UUID;

/** Where token usage and its estimated cost go, for quotas and billing (per tenant, workflow and step). */
@FunctionalInterface
public interface UsageMeter {

  void record(TenantId tenant, Usage usage);

  /**
   * Before a model call: refuses it (with the reason, for the step) when the workspace has used up
   * what its plan allows; sandbox calls cost nothing and are not refused.
   */
  default void admit(TenantId tenant, boolean sandbox) throws io.switchboard.engine.spi.NodeFailure {
  }

  /**
   * One model call's usage. {@code estimatedCostUsd} is empty when the model's prices are unknown;
   * {@code tokensEstimated} when the provider did not report counts and they were estimated from text.
   */
  record Usage(UUID workflowId, UUID executionId, String nodeId, String provider, String model, int inputTokens,
               int outputTokens, Optional<Double> estimatedCostUsd, boolean tokensEstimated, boolean sandbox) {}

  UsageMeter NONE = (tenant, usage) -> {};
}
