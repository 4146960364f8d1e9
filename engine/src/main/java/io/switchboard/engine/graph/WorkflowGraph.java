package io.switchboard.engine.graph;

import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeKind;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow as stored in a workflow version: nodes, the edges between their ports, and settings.
 * Immutable; the JSON format is documented in docs/workflow-format.md.
 */
public record WorkflowGraph(int schemaVersion, List<Node> nodes, List<Edge> edges, Settings settings) {

  public static final int CURRENT_SCHEMA_VERSION = 1;

  public WorkflowGraph {
    nodes = List.copyOf(Objects.requireNonNullElse(nodes, List.of()));
    edges = List.copyOf(Objects.requireNonNullElse(edges, List.of()));
    settings = Objects.requireNonNullElse(settings, Settings.DEFAULTS);
    if (schemaVersion == 0) {
      schemaVersion = CURRENT_SCHEMA_VERSION;
    }
  }

  public Optional<Node> node(String id) {
    for (Node n : nodes) {
      if (n.id().equals(id)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** Edges leaving {@code nodeId} by {@code port}, in declaration order. */
  public List<Edge> outgoing(String nodeId, String port) {
    return edges.stream().filter(e -> e.from().equals(nodeId) && e.fromPort().equals(port)).toList();
  }

  public List<Edge> outgoing(String nodeId) {
    return edges.stream().filter(e -> e.from().equals(nodeId)).toList();
  }

  /** The first enabled trigger step: where manual runs, child runs and error workflows start. */
  public Optional<String> firstTrigger(NodeCatalog catalog) {
    return nodes.stream()
        .filter(n -> !n.disabled())
        .filter(n -> catalog.descriptor(n.type()).map(d -> d.kind() == NodeKind.TRIGGER).orElse(false))
        .map(Node::id)
        .findFirst();
  }

  public List<Edge> incoming(String nodeId) {
    return edges.stream().filter(e -> e.to().equals(nodeId)).toList();
  }
}
