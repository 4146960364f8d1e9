package io.switchboard.templates.n8n;

import io.switchboard.engine.graph.WorkflowGraph;

import java.util.List;

/**
 * What an n8n import produced: the workflow (to open on the canvas and save) and a report of what
 * mapped and what needs attention, node by node.
 */
public record N8nImport(String name, WorkflowGraph graph, List<NodeReport> nodes, List<String> warnings) {

  public N8nImport {
    nodes = List.copyOf(nodes);
    warnings = List.copyOf(warnings);
  }

  /** {@code status}: mapped, needs_attention (mapped, with notes), or unsupported (a disabled placeholder). */
  public record NodeReport(String name, String n8nType, String mappedTo, String status, List<String> notes) {
    public NodeReport {
      notes = List.copyOf(notes);
    }
  }

  public long count(String status) {
    return nodes.stream().filter(n -> n.status().equals(status)).count();
  }
}
