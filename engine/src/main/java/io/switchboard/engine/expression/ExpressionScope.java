package io.switchboard.engine.expression;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an expression can see. A missing trigger, contact or vars becomes an empty object, so that
 * {@code has(contact.first_name)} answers false instead of failing.
 *
 * @param trigger the payload that started the execution
 * @param nodes earlier nodes' outputs keyed by the node's display name
 * @param contact the contact the execution is about, or an empty object
 * @param vars the workflow's variables
 * @param now the instant {@code now()} returns: the caller's clock, never the wall clock here
 * @param zone the workflow's time zone, used by {@code now()} and every date function
 * @param input the data handed to the step being configured (what the previous step passed on)
 */
public record ExpressionScope(
    JsonNode trigger, Map<String, JsonNode> nodes, JsonNode contact, JsonNode vars, Instant now, ZoneId zone,
    JsonNode input) {

  /** A scope without step input. */
  public ExpressionScope(JsonNode trigger, Map<String, JsonNode> nodes, JsonNode contact, JsonNode vars, Instant now,
                         ZoneId zone) {
    this(trigger, nodes, contact, vars, now, zone, null);
  }

  public ExpressionScope {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(zone, "zone");
    trigger = orEmptyObject(trigger);
    contact = orEmptyObject(contact);
    vars = orEmptyObject(vars);
    input = orEmptyObject(input);
    nodes = copyOf(nodes);
  }

  /** Nothing but the clock: no trigger, no nodes, no contact, no variables. */
  public static ExpressionScope empty(Instant now, ZoneId zone) {
    return new ExpressionScope(null, Map.of(), null, null, now, zone);
  }

  private static JsonNode orEmptyObject(JsonNode node) {
    return node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node;
  }

  private static Map<String, JsonNode> copyOf(Map<String, JsonNode> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      return Map.of();
    }
    Map<String, JsonNode> copy = new LinkedHashMap<>();
    nodes.forEach((name, output) -> copy.put(name, output == null ? NullNode.getInstance() : output));
    return Collections.unmodifiableMap(copy);
  }
}
