package io.switchboard.engine.graph;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** Short ways to build graphs in tests. */
final class GraphFixtures {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private GraphFixtures() {
  }

  static ObjectNode config(String json) {
    return (ObjectNode) MAPPER.readTree(json);
  }

  static Node node(String id, String type, String name, String configJson) {
    return Node.of(id, type, name, config(configJson));
  }

  static Node node(String id, String type, String name) {
    return node(id, type, name, "{}");
  }

  static WorkflowGraph graph(List<Node> nodes, List<Edge> edges) {
    return new WorkflowGraph(WorkflowGraph.CURRENT_SCHEMA_VERSION, nodes, edges, Settings.DEFAULTS);
  }
}
