package io.switchboard.engine.spi;

import io.switchboard.engine.tenancy.TenantId;
import org.slf4j.Logger;
import tools.jackson.databind.JsonNode;

import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;

/**
 * What a node sees while it runs. No data source: nodes reach the outside world through the ports
 * given here and the provider adapters of their own package.
 */
public interface NodeContext {

  TenantId tenant();

  UUID executionId();

  UUID workflowId();

  String nodeId();

  /** The node's display name. */
  String nodeName();

  /** 1 for the first try, 2 for the first retry, ... */
  int attempt();

  /**
   * Stable for this step and attempt across crashes and take-overs: pass it to providers as their
   * idempotency key, or record effects under it, so an effect is never performed twice.
   */
  String idempotencyKey();

  /** The data handed to this node by the previous one (the trigger payload for a trigger). */
  JsonNode input();

  /** The whole execution context (trigger, earlier nodes' outputs by name, contact, variables). */
  JsonNode expressionScope();

  /** Set when the node is called again after a {@link NodeResult.Wait}. */
  Optional<Resumption> resumption();

  /** The memo the node handed back with its {@link NodeResult.Wait}. */
  JsonNode memo();

  InstantSource clock();

  /** The time zone of the workflow (or tenant). */
  ZoneId zone();

  Logger log();

  /**
   * Performs a side effect at most once for this step attempt: when an effect was already recorded
   * under {@link #idempotencyKey()} (the step ran before a crash), returns what was recorded without
   * performing it again; otherwise performs it and records its result.
   */
  JsonNode performOnce(Effect effect) throws Exception;

  /** A side effect: sending, calling, writing elsewhere. Returns what to remember of it. */
  @FunctionalInterface
  interface Effect {
    JsonNode perform() throws Exception;
  }

  /**
   * A credential of this workspace, decrypted for this call. Empty when there is none with that id
   * (deleted, or another workspace's).
   */
  Optional<Credential> credential(UUID credentialId);

  /** Starts a child execution of another workflow of the same tenant; see {@code core.subworkflow@1}. */
  UUID startChildExecution(UUID workflowId, JsonNode input);

  /**
   * Evaluates one of the node's expression fields (a condition, a computed value) against the
   * execution context, in the sandbox.
   */
  JsonNode evaluate(String expression) throws EvaluationFailed;

  /** As {@link #evaluate}, for a condition that must be true or false. */
  boolean test(String condition) throws EvaluationFailed;

  /** An expression that could not be evaluated; the message says why in plain words. */
  final class EvaluationFailed extends Exception {
    private final String code;

    public EvaluationFailed(String code, String message) {
      super(message);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }
}
