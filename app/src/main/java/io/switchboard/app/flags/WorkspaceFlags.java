package io.switchboard.app.flags;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A workspace's features as its people see them (the API and the settings page): each flag as
 * {@link FeatureFlags} decides it, and an admin's switch for the flags the platform lets workspaces set.
 */
@Component
public class WorkspaceFlags {

  /** Rules under which the platform decides whatever the workspace's own setting says. */
  private static final Set<String> FORCED = Set.of("deny_list", "platform_off", "plan", "rollout");

  private final FeatureFlags flags;

  public WorkspaceFlags(FeatureFlags flags) {
    this.flags = flags;
  }

  /**
   * A flag as decided for the workspace. {@code forced}: the platform decides it here (switched off
   * for everyone or this workspace, not in the plan, not rolled out yet), so the workspace's own
   * setting does not count; {@code reason} says why.
   */
  public record FlagView(String key, String description, boolean enabled, String source, String reason,
                         boolean tenantSettable, Optional<Boolean> workspaceSetting, boolean forced) {}

  public List<FlagView> list(SwitchboardUser user) {
    Map<String, String> descriptions = flags.definitions().stream()
        .collect(Collectors.toMap(FlagDefinition::key, FlagDefinition::description));
    return flags.all(user.tenantId()).stream().map(d -> view(d, descriptions.getOrDefault(d.key(), ""))).toList();
  }

  /** An admin switches a flag the platform lets workspaces set; audited by {@link FeatureFlags#setForWorkspace}. */
  public FlagView set(SwitchboardUser user, String key, Boolean enabled) {
    user.require(Role.ADMIN, "switch the workspace's features on or off");
    FlagDefinition flag = flags.definition(key).orElseThrow(() -> ApiException.notFound("feature"));
    if (!flag.tenantSettable()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "flag_not_settable", "\"" + key + "\" is set by the platform for "
          + "every workspace and cannot be switched here. Ask the platform's support to change it for you.");
    }
    if (enabled == null) {
      throw ApiException.badRequest("invalid_flag", "Say whether the feature should be on (\"enabled\": true) or off (false).");
    }
    return view(flags.setForWorkspace(user.tenantId(), AuditLog.Actor.of(user), key, enabled), flag.description());
  }

  private static FlagView view(FlagDecision d, String description) {
    return new FlagView(d.key(), description, d.enabled(), d.source(), d.reason(), d.tenantSettable(), d.workspaceSetting(),
        FORCED.contains(d.source()));
  }
}
