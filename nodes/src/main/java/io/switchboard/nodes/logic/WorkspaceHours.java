package io.switchboard.nodes.logic;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/** A workspace's business hours (a tenant setting), as the wait step reads them; implemented by the application. */
@FunctionalInterface
public interface WorkspaceHours {

  /** For workspaces that have none: the step falls back to Monday to Friday 09:00–17:00 in the workflow's time zone. */
  WorkspaceHours NONE = tenant -> Optional.empty();

  /** The workspace's hours in its own time zone, or empty when it has not set any. */
  Optional<BusinessHours> of(TenantId tenant);
}
