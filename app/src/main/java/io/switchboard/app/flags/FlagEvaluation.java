package io.switchboard.app.flags;

import io.switchboard.engine.tenancy.TenantId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The one set of rules that decides a flag for a workspace, in this order: the deny list keeps a
 * workspace out; a flag switched off is off for everyone else; the allow list lets a workspace in
 * whatever its plan and the rollout; otherwise the workspace's plan must be targeted (when plans are
 * named) and its rollout bucket below the percentage. A workspace's own setting counts last, and only
 * for flags the platform lets workspaces set.
 */
public final class FlagEvaluation {

  private FlagEvaluation() {
  }

  public static FlagDecision unknown(String key) {
    return new FlagDecision(key, false, "unknown", "There is no feature called \"" + key + "\".", false, Optional.empty());
  }

  public static FlagDecision evaluate(FlagDefinition flag, TenantId tenant, String planId, Optional<Boolean> setting) {
    Optional<Boolean> own = flag.tenantSettable() ? setting : Optional.empty();
    if (flag.denyTenants().contains(tenant.value())) {
      return decided(flag, false, "deny_list", "The platform has switched this feature off for this workspace.", own);
    }
    if (!flag.enabled()) {
      return decided(flag, false, "platform_off", "The platform has switched this feature off for every workspace.", own);
    }
    boolean allowed = flag.allowTenants().contains(tenant.value());
    if (!allowed && !flag.plans().isEmpty() && !flag.plans().contains(planId)) {
      return decided(flag, false, "plan", "This feature is not part of this workspace's plan (" + planId
          + "); it comes with " + String.join(", ", flag.plans()) + ".", own);
    }
    if (!allowed && bucket(flag.key(), tenant) >= flag.rolloutPercent()) {
      return decided(flag, false, "rollout", "This feature is being introduced gradually and has not reached this "
          + "workspace yet (" + flag.rolloutPercent() + "% of workspaces have it).", own);
    }
    if (own.isPresent()) {
      return decided(flag, own.get(), "workspace", own.get()
          ? "A workspace administrator switched this feature on."
          : "A workspace administrator switched this feature off.", own);
    }
    return decided(flag, true, allowed ? "allow_list" : "default", allowed
        ? "The platform has switched this feature on for this workspace."
        : "This feature is on for this workspace.", own);
  }

  /** The workspace's stable place (0–99) in a flag's rollout: the same flag and workspace always land in the same bucket. */
  public static int bucket(String key, TenantId tenant) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((key + ":" + tenant.value()).getBytes(StandardCharsets.UTF_8));
      long v = ((h[0] & 0xffL) << 24) | ((h[1] & 0xffL) << 16) | ((h[2] & 0xffL) << 8) | (h[3] & 0xffL);
      return (int) (v % 100);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FlagDecision decided(FlagDefinition flag, boolean on, String source, String reason,
                                      Optional<Boolean> own) {
    return new FlagDecision(flag.key(), on, source, reason, flag.tenantSettable(), own);
  }
}
