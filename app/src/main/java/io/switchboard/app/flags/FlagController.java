package io.switchboard.app.flags;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Feature flags: a workspace's flags as decided for it (and its administrators' own settings where
 * the platform allows them), and the superadmin's definitions.
 */
@RestController
public class FlagController {

  private final FeatureFlags flags;
  private final PlanCatalog plans;
  private final WorkspaceFlags workspace;

  public FlagController(FeatureFlags flags, PlanCatalog plans, WorkspaceFlags workspace) {
    this.flags = flags;
    this.plans = plans;
    this.workspace = workspace;
  }

  public record SetFlag(Boolean enabled) {}

  public record DefineFlag(String description, Boolean enabled, Integer rolloutPercent, List<String> plans,
                           List<UUID> allowTenants, List<UUID> denyTenants, Boolean tenantSettable) {}

  @GetMapping("/api/v1/flags")
  public List<WorkspaceFlags.FlagView> list() {
    return workspace.list(CurrentUser.require());
  }

  @PutMapping("/api/v1/flags/{key}")
  public WorkspaceFlags.FlagView set(@PathVariable String key, @RequestBody SetFlag request) {
    return workspace.set(CurrentUser.require(), key, request == null ? null : request.enabled());
  }

  @GetMapping("/api/v1/admin/flags")
  public List<FlagDefinition> definitions() {
    CurrentUser.require().requireSuperadmin("see the platform's feature flags");
    return flags.definitions();
  }

  @GetMapping("/api/v1/admin/flags/{key}")
  public FlagDefinition definition(@PathVariable String key) {
    CurrentUser.require().requireSuperadmin("see the platform's feature flags");
    return flags.definition(key).orElseThrow(() -> ApiException.notFound("feature flag"));
  }

  /** Creates the flag or replaces its definition; fields left out keep their current value (or the default). */
  @PutMapping("/api/v1/admin/flags/{key}")
  public FlagDefinition define(@PathVariable String key, @RequestBody DefineFlag request) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("change the platform's feature flags");
    if (!key.matches("^[a-z][a-z0-9_]{1,40}$")) {
      throw ApiException.badRequest("invalid_flag", "A flag's name has 2 to 41 lowercase letters, digits and underscores, "
          + "starting with a letter, such as sms_followup.");
    }
    if (request == null) {
      throw ApiException.badRequest("invalid_flag", "Send the flag's definition.");
    }
    FlagDefinition current = flags.definition(key)
        .orElse(new FlagDefinition(key, "", true, 100, List.of(), List.of(), List.of(), false));
    int rollout = Optional.ofNullable(request.rolloutPercent()).orElse(current.rolloutPercent());
    if (rollout < 0 || rollout > 100) {
      throw ApiException.badRequest("invalid_flag", "The rollout is a percentage of workspaces, from 0 to 100.");
    }
    List<String> targeted = Optional.ofNullable(request.plans()).orElse(current.plans());
    List<String> known = plans.plans().stream().map(PlanCatalog.Plan::id).toList();
    for (String plan : targeted) {
      if (!known.contains(plan)) {
        throw ApiException.badRequest("invalid_plan", "There is no plan \"" + plan + "\"; the plans are "
            + String.join(", ", known) + ".");
      }
    }
    List<UUID> allow = Optional.ofNullable(request.allowTenants()).orElse(current.allowTenants());
    List<UUID> deny = Optional.ofNullable(request.denyTenants()).orElse(current.denyTenants());
    FlagDefinition flag = new FlagDefinition(key,
        Optional.ofNullable(request.description()).map(String::strip).orElse(current.description()),
        Optional.ofNullable(request.enabled()).orElse(current.enabled()), rollout, distinct(targeted),
        distinct(allow), distinct(deny), Optional.ofNullable(request.tenantSettable()).orElse(current.tenantSettable()));
    return flags.define(flag, user.tenantId(), AuditLog.Actor.of(user));
  }

  private static <T> List<T> distinct(List<T> values) {
    return values.stream().filter(java.util.Objects::nonNull).distinct().toList();
  }
}
