package io.switchboard.app.flags;

import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.StepGate;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which kinds of step need which feature, checked by the runner before each step: AI steps need
 * {@code ai_nodes}, placing calls {@code outbound_calls}, sending e-mail {@code email_outreach}. A
 * step whose feature is off for the workspace fails with {@code feature_disabled} and the reason.
 */
@Component
public class FeatureGate implements StepGate {

  /** A feature a kind of step needs, and how a user would name that kind of step. */
  public record Requirement(String flag, String steps) {}

  private final FeatureFlags flags;

  public FeatureGate(FeatureFlags flags, ExecutionRunner runner) {
    this.flags = flags;
    runner.setStepGate(this);
  }

  /** The feature a node type needs, if any. */
  public static Optional<Requirement> requirement(String nodeType) {
    if (nodeType.startsWith("ai.")) {
      return Optional.of(new Requirement("ai_nodes", "AI steps"));
    }
    if (nodeType.startsWith("call.place@")) {
      return Optional.of(new Requirement("outbound_calls", "Steps that place calls"));
    }
    if (nodeType.startsWith("email.send@")) {
      return Optional.of(new Requirement("email_outreach", "E-mail steps"));
    }
    return Optional.empty();
  }

  @Override
  public Optional<Closed> check(TenantId tenant, String nodeType) {
    return requirement(nodeType).flatMap(r -> {
      FlagDecision d = flags.enabled(tenant, r.flag());
      return d.enabled() ? Optional.empty() : Optional.of(new Closed("feature_disabled", r.steps()
          + " are switched off for this workspace (flag " + r.flag() + "). " + d.reason() + " Ask your administrator."));
    });
  }
}
