package io.switchboard.engine.graph;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the JSON tree of a graph with every field present, in a fixed order, and config keys sorted,
 * so that equal graphs give equal bytes and versions diff line by line.
 */
final class WorkflowJsonWriter {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WorkflowJsonWriter() {
  }

  static ObjectNode graph(WorkflowGraph graph) {
    ObjectNode root = JSON.objectNode();
    root.put("schemaVersion", graph.schemaVersion());
    ArrayNode nodes = root.putArray("nodes");
    graph.nodes().forEach(n -> nodes.add(node(n)));
    ArrayNode edges = root.putArray("edges");
    graph.edges().forEach(e -> edges.add(edge(e)));
    root.set("settings", settings(graph.settings()));
    return root;
  }

  static ObjectNode node(Node node) {
    ObjectNode json = JSON.objectNode();
    json.put("id", node.id());
    json.put("type", node.type());
    json.put("name", node.name());
    json.set("position", position(node.position()));
    json.set("config", sorted(node.config()));
    json.set("options", options(node.options()));
    json.put("disabled", node.disabled());
    return json;
  }

  static ObjectNode edge(Edge edge) {
    ObjectNode json = JSON.objectNode();
    json.put("from", edge.from());
    json.put("fromPort", edge.fromPort());
    json.put("to", edge.to());
    json.put("toInput", edge.toInput());
    return json;
  }

  static ObjectNode settings(Settings settings) {
    ObjectNode json = JSON.objectNode();
    putOptional(json, "timezone", settings.timezone());
    putOptional(json, "errorWorkflowId", settings.errorWorkflowId().map(Object::toString));
    json.set("retry", retry(settings.retry()));
    return json;
  }

  static ObjectNode position(Position position) {
    ObjectNode json = JSON.objectNode();
    json.set("x", coordinate(position.x()));
    json.set("y", coordinate(position.y()));
    return json;
  }

  private static ObjectNode options(NodeOptions options) {
    ObjectNode json = JSON.objectNode();
    json.set("retry", options.retry().<JsonNode>map(WorkflowJsonWriter::retry).orElse(JSON.nullNode()));
    putOptional(json, "timeout", options.timeout().map(Duration::toString));
    json.put("onError", options.onError().name());
    return json;
  }

  private static ObjectNode retry(RetryPolicy retry) {
    ObjectNode json = JSON.objectNode();
    json.put("maxAttempts", retry.maxAttempts());
    json.put("initialDelay", retry.initialDelay().toString());
    json.put("multiplier", retry.multiplier());
    json.put("maxDelay", retry.maxDelay().toString());
    json.put("jitter", retry.jitter());
    ArrayNode retryOn = json.putArray("retryOn");
    // a Set has no stable order; sorting keeps the bytes stable
    retry.retryOn().stream().sorted().forEach(retryOn::add);
    return json;
  }

  private static void putOptional(ObjectNode json, String field, Optional<String> value) {
    json.set(field, value.<JsonNode>map(JSON::stringNode).orElse(JSON.nullNode()));
  }

  // Canvas coordinates are mostly whole numbers; "120" reads better than "120.0".
  private static JsonNode coordinate(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return JSON.numberNode((long) value);
    }
    return JSON.numberNode(value);
  }

  /** A deep copy with every object's keys in alphabetical order. */
  static JsonNode sorted(JsonNode value) {
    if (value.isObject()) {
      List<String> names = new ArrayList<>(value.propertyNames());
      names.sort(null);
      ObjectNode copy = JSON.objectNode();
      names.forEach(name -> copy.set(name, sorted(value.get(name))));
      return copy;
    }
    if (value.isArray()) {
      ArrayNode copy = JSON.arrayNode(value.size());
      value.values().forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return value;
  }
}
