package io.switchboard.ui.canvas;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.spi.NodeCatalog;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A read-only canvas showing a graph as the editor would (templates in the gallery, a workspace's workflow in the console). */
public final class GraphPreview {

  private GraphPreview() {}

  public static FlowCanvas of(WorkflowGraph graph, NodeCatalog catalog, WorkflowJson json) {
    FlowCanvas canvas = new FlowCanvas();
    canvas.setReadOnly(true);
    StepCatalog steps = new StepCatalog(catalog);
    canvas.setNodeTypes(steps.palette());
    ObjectNode tree = json.toTree(graph);
    Map<String, List<FlowCanvas.Port>> ports = new HashMap<>();
    for (JsonNode n : tree.path("nodes")) {
      ports.put(n.path("id").asString(), steps.ports(n.path("type").asString(), n.path("config"),
          "ERROR_PORT".equals(n.path("options").path("onError").asString(""))));
    }
    canvas.setGraph((ArrayNode) tree.path("nodes"), (ArrayNode) tree.path("edges"), ports);
    return canvas;
  }
}
