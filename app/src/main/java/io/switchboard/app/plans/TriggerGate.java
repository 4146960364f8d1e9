package io.switchboard.app.plans;

import io.switchboard.engine.tenancy.TenantId;

import java.util.Optional;

/**
 * Whether a workspace may start runs at a kind of trigger at all, decided outside the plans module
 * (feature flags: a booking trigger needs {@code appointment_reminders}). Run admission asks it
 * before it takes a run from the month's allowance, and records a closed gate as it records a quota
 * refusal.
 */
public interface TriggerGate {

  /** Empty when runs may start at {@code triggerType}; otherwise why not. Called on every new run: answer from a cache. */
  Optional<Closed> checkTrigger(TenantId tenant, String triggerType);

  /**
   * @param code   stable code of the reason, such as {@code feature_disabled}
   * @param reason a sentence for the workspace's users saying why and what to do
   */
  record Closed(String code, String reason) {}
}
