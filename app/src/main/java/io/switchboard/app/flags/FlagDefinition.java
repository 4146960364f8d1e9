package io.switchboard.app.flags;

import java.util.List;
import java.util.UUID;

/**
 * A feature flag as the platform defines it: switched on or off for everyone, rolled out to a
 * share of workspaces, limited to some plans, with workspaces always let in or always kept out, and
 * whether a workspace's administrator may switch it for their own workspace.
 */
public record FlagDefinition(String key, String description, boolean enabled, int rolloutPercent, List<String> plans,
                             List<UUID> allowTenants, List<UUID> denyTenants, boolean tenantSettable) {

  public FlagDefinition {
    plans = List.copyOf(plans);
    allowTenants = List.copyOf(allowTenants);
    denyTenants = List.copyOf(denyTenants);
  }
}
