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

  /** Starts a child execution of another workflow of the same tenant; see {@code core.subworkflow@1}. */
  UUID startChildExecution(UUID workflowId, JsonNode input);
}
