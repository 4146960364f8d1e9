package io.switchboard.app.flags;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Feature flags: a workspace's flags as decided for it (and its administrators' own settings where
 * the platform allows them), and the superadmin's definitions.
 */
@RestController
public class FlagController {

  private final FeatureFlags flags;
  private final PlanCatalog plans;

  public FlagController(FeatureFlags flags, PlanCatalog plans) {
    this.flags = flags;
    this.plans = plans;
  }

  public record FlagView(String key, String description, boolean enabled, String source, String reason,
                         boolean tenantSettable, Optional<Boolean> workspaceSetting) {}

  public record SetFlag(Boolean enabled) {}

  public record DefineFlag(String description, Boolean enabled, Integer rolloutPercent, List<String> plans,
                           List<UUID> allowTenants, List<UUID> denyTenants, Boolean tenantSettable) {}

  @GetMapping("/api/v1/flags")
  public List<FlagView> list() {
    SwitchboardUser user = CurrentUser.require();
    Map<String, String> descriptions = flags.definitions().stream()
        .collect(Collectors.toMap(FlagDefinition::key, FlagDefinition::description));
    return flags.all(user.tenantId()).stream().map(d -> view(d, descriptions.getOrDefault(d.key(), ""))).toList();
  }

  @PutMapping("/api/v1/flags/{key}")
  public FlagView set(@PathVariable String key, @RequestBody SetFlag request) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.ADMIN, "switch the workspace's features on or off");
    FlagDefinition flag = flags.definition(key).orElseThrow(() -> ApiException.notFound("feature"));
    if (!flag.tenantSettable()) {
      throw new ApiException(HttpStatus.FORBIDDEN, "flag_not_settable", "\"" + key + "\" is set by the platform for "
          + "every workspace and cannot be switched here. Ask the platform's support to change it for you.");
    }
    if (request == null || request.enabled() == null) {
      throw ApiException.badRequest("invalid_flag", "Say whether the feature should be on (\"enabled\": true) or off (false).");
    }
    return view(flags.setForWorkspace(user.tenantId(), AuditLog.Actor.of(user), key, request.enabled()), flag.description());
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

  private static FlagView view(FlagDecision d, String description) {
    return new FlagView(d.key(), description, d.enabled(), d.source(), d.reason(), d.tenantSettable(), d.workspaceSetting());
  }
}
