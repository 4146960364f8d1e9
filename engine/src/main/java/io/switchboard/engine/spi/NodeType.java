package io.switchboard.engine.spi;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * A kind of step a workflow can contain. Implementations live in the {@code nodes} module, one
 * class per type, holding its typed configuration record; the property form's JSON schema is
 * generated from that record. The key is stable and versioned ({@code sms.send@1}): a changed
 * behaviour is a new version, and old versions keep working.
 *
 * @param <C> the configuration record, bound from the node's rendered JSON config
 */
public interface NodeType<C extends Record> {

  /** Stable, versioned key, such as {@code "sms.send@1"}. */
  String key();

  Class<C> configType();

  NodeDescriptor descriptor();

  /**
   * Whether running this node changes the outside world (sends, calls, writes). The engine
   * checkpoints before such a node, so a crash never repeats an effect silently; pure logic nodes
   * answer false and are checkpointed in batches.
   */
  default boolean hasSideEffects() {
    return true;
  }

  /**
   * A JSON schema of the data this node hands on (what later steps read as
   * {@code nodes["Its name"]}; for a trigger, also the run's {@code trigger}), when it is known
   * before the run. The editor offers its fields in template autocomplete; empty when the output
   * depends on the data (an HTTP response, an LLM's answer).
   */
  default Optional<JsonNode> outputSchema() {
    return Optional.empty();
  }

  /** The output ports this node has with this configuration (a switch has one per case). */
  List<PortSpec> outputPorts(C config);

  /**
   * Does the node's work. Never sleeps: to wait, answer {@link NodeResult.Wait} and the engine
   * parks the execution in the database and calls again when the wait ends
   * ({@link NodeContext#resumption()} then says why).
   */
  NodeResult execute(C config, NodeContext context) throws Exception;
}
