package io.switchboard.engine.runner;

import io.switchboard.engine.tenancy.TenantId;

import java.util.UUID;

/**
 * Decides whether a new execution may start (a workspace's monthly quota, a suspended account, a
 * feature its trigger needs switched off), before anything of it exists: an execution is admitted
 * whole or not at all, never half-run.
 */
@FunctionalInterface
public interface Admission {

  Admission ALWAYS = (tenant, workflowId, triggerKind, triggerType) -> { };

  /**
   * @param triggerKind what started it ({@code sms}, {@code webhook}, {@code manual}, ...)
   * @param triggerType the node type of the trigger step it starts at, such as {@code trigger.booking@1}
   * @throws NotAdmitted with the reason in plain words when the execution may not start
   */
  void admit(TenantId tenant, UUID workflowId, String triggerKind, String triggerType);

  /** An execution refused before it started; the message says why and what to do. */
  final class NotAdmitted extends RuntimeException {
    private final String code;

    public NotAdmitted(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
