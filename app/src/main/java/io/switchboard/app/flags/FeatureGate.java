package io.switchboard.app.flags;

import io.switchboard.app.plans.TriggerGate;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.StepGate;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Which kinds of step and trigger need which feature. Steps are checked by the runner before each
 * step: AI steps need {@code ai_nodes}, placing calls {@code outbound_calls}, sending e-mail
 * {@code email_outreach}; a step whose feature is off fails with {@code feature_disabled} and the
 * reason. Triggers are checked when a run is admitted: runs started by an incoming text or a call
 * that ended are SMS follow-ups ({@code sms_followup}), runs started by a booking are appointment
 * reminders ({@code appointment_reminders}); a trigger whose feature is off starts no run, and the
 * refusal is recorded with the reason like a quota refusal.
 */
@Component
public class FeatureGate implements StepGate, TriggerGate {

  /** A feature a kind of step needs, and how a user would name that kind of step. */
  public record Requirement(String flag, String steps) {}

  /** A feature runs started at a kind of trigger need: how a user names the feature, and what starts such a run. */
  public record TriggerRequirement(String flag, String feature, String startedBy) {}

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

  /** The feature runs started at a trigger type need, if any; webhook, schedule and manual triggers need none. */
  public static Optional<TriggerRequirement> triggerRequirement(String triggerType) {
    if (triggerType.startsWith("trigger.sms@")) {
      return Optional.of(new TriggerRequirement("sms_followup", "SMS follow-ups", "an incoming text or WhatsApp message"));
    }
    if (triggerType.startsWith("trigger.call-ended@")) {
      return Optional.of(new TriggerRequirement("sms_followup", "SMS follow-ups", "a call that ended"));
    }
    if (triggerType.startsWith("trigger.booking@")) {
      return Optional.of(new TriggerRequirement("appointment_reminders", "Appointment reminders", "a booking"));
    }
    return Optional.empty();
  }

  @Override
  public Optional<StepGate.Closed> check(TenantId tenant, String nodeType) {
    return requirement(nodeType).flatMap(r -> {
      FlagDecision d = flags.enabled(tenant, r.flag());
      return d.enabled() ? Optional.empty() : Optional.of(new StepGate.Closed("feature_disabled", r.steps()
          + " are switched off for this workspace (flag " + r.flag() + "). " + d.reason() + " Ask your administrator."));
    });
  }

  @Override
  public Optional<TriggerGate.Closed> checkTrigger(TenantId tenant, String triggerType) {
    return triggerRequirement(triggerType).flatMap(r -> {
      FlagDecision d = flags.enabled(tenant, r.flag());
      return d.enabled() ? Optional.empty() : Optional.of(new TriggerGate.Closed("feature_disabled", "No run started by "
          + r.startedBy() + ": " + r.feature() + " are switched off for this workspace (flag " + r.flag() + "). "
          + d.reason() + " " + whatToDo(d)));
    });
  }

  private static String whatToDo(FlagDecision d) {
    return switch (d.source()) {
      case "workspace" -> "A workspace admin can switch it back on under Settings, Features (or PUT /api/v1/flags/"
          + d.key() + " with {\"enabled\": true}).";
      case "plan" -> "Upgrade the plan to one that includes it.";
      default -> "Ask the platform's administrator to switch it on for this workspace.";
    };
  }
}
