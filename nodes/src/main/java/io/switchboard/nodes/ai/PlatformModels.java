package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * The model a workspace uses when an AI step names no credential: the platform default the
 * superadmin configured, if any. Empty means the sandbox model.
 */
@FunctionalInterface
public interface PlatformModels {

  Optional<LlmSettings> defaultFor(TenantId tenant);

  /** No platform default: every workspace without its own credential gets the sandbox model. */
  PlatformModels NONE = tenant -> Optional.empty();
}
