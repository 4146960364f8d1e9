package io.switchboard.bench.engine;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The engine-step workload: a manual trigger, then {@code logicNodes} steps alternating "Set" (two
 * fields computed with {{ }} templates) and "If" (a condition on the Set before it, always true).
 */
final class LinearFlow {

  static final String TRIGGER = "start";

  private LinearFlow() {}

  static WorkflowGraph graph(int logicNodes) {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = json.createObjectNode();
    root.put("schemaVersion", WorkflowGraph.CURRENT_SCHEMA_VERSION);
    ArrayNode nodes = root.putArray("nodes");
    ArrayNode edges = root.putArray("edges");
    nodes.addObject().put("id", TRIGGER).put("type", "trigger.manual@1").put("name", "Start");
    String previous = TRIGGER;
    String previousPort = "out";
    String lastSet = null;
    for (int i = 1; i <= logicNodes; i++) {
      String id = "n" + i;
      ObjectNode node = nodes.addObject().put("id", id);
      if (i % 2 == 1) {
        String name = "Set " + i;
        node.put("type", "logic.set@1").put("name", name);
        ArrayNode fields = node.putObject("config").putArray("fields");
        fields.addObject().put("name", "score").put("value", "{{ trigger.visits * 10 + " + i + " }}");
        fields.addObject().put("name", "greeting").put("value", "Hi {{ trigger.name }}, step " + i);
        lastSet = name;
      } else {
        node.put("type", "logic.condition@1").put("name", "If " + i);
        node.putObject("config").put("condition", "nodes[\"" + lastSet + "\"].score > trigger.visits");
      }
      edges.addObject().put("from", previous).put("fromPort", previousPort).put("to", id);
      previous = id;
      previousPort = i % 2 == 1 ? "out" : "true";
    }
    return new WorkflowJson().read(root);
  }
}
