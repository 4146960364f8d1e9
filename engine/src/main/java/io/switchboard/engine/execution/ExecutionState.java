package io.switchboard.engine.execution;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where an execution stands: the cursor the interpreter advances and the database checkpoints.
 * Immutable; every transition makes a new one. Serialised as JSON in {@code executions.state}.
 *
 * @param ready      node activations ready to run, in order
 * @param parked     waiting activations, by token id
 * @param loops      loops in progress, by loop node id
 * @param merges     merges collecting branches, by merge node id
 * @param outputs    each node's latest output, by node name (what expressions see as {@code nodes})
 * @param lastOutput the most recent output: the execution's result when it ends
 * @param response   what a Respond node answered, for a synchronous webhook
 */
public record ExecutionState(List<Token> ready, Map<String, Parked> parked, Map<String, LoopFrame> loops,
                             Map<String, MergeFrame> merges, Map<String, JsonNode> outputs, JsonNode trigger,
                             JsonNode lastOutput, Optional<JsonNode> response, int nextSeq, int nextTokenId) {

  public ExecutionState {
    ready = List.copyOf(ready);
    parked = new LinkedHashMap<>(parked);
    loops = new LinkedHashMap<>(loops);
    merges = new LinkedHashMap<>(merges);
    outputs = new LinkedHashMap<>(outputs);
    trigger = trigger == null ? NullNode.getInstance() : trigger;
    lastOutput = lastOutput == null ? NullNode.getInstance() : lastOutput;
    // JSON null reads back as a NullNode inside the Optional: that is "no response" too.
    response = response == null ? Optional.empty() : response.filter(r -> !r.isNull() && !r.isMissingNode());
  }
}
