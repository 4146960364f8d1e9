package io.switchboard.engine.graph;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One difference between two versions of a workflow, as found by {@link GraphDiff}. Each carries a
 * one-line summary for the version history and a JSON form for the API.
 */
public sealed interface GraphChange {

  /** One line in plain words: {@code Changed "to" of the step "Send reminder".} */
  String summary();

  /**
   * The change for the API: {@code {"change": "node_changed", "summary": ..., ...}}; see
   * docs/workflow-format.md.
   */
  ObjectNode toJson();

  /** Whether only the canvas layout changed, so the history can hide it. */
  default boolean layoutOnly() {
    return false;
  }

  record NodeAdded(Node node) implements GraphChange {

    public NodeAdded {
      Objects.requireNonNull(node);
    }

    @Override
    public String summary() {
      return "Added the step \"%s\".".formatted(node.name());
    }

    @Override
    public ObjectNode toJson() {
      return nodeJson("node_added", this, node);
    }
  }

  record NodeRemoved(Node node) implements GraphChange {

    public NodeRemoved {
      Objects.requireNonNull(node);
    }

    @Override
    public String summary() {
      return "Removed the step \"%s\".".formatted(node.name());
    }

    @Override
    public ObjectNode toJson() {
      return nodeJson("node_removed", this, node);
    }
  }

  /** A step with the same id in both versions, with at least one field changed. */
  record NodeChanged(Node before, Node after, List<FieldChange> changes) implements GraphChange {

    public NodeChanged {
      Objects.requireNonNull(before);
      Objects.requireNonNull(after);
      changes = List.copyOf(changes);
    }

    public String nodeId() {
      return after.id();
    }

    @Override
    public boolean layoutOnly() {
      return !changes.isEmpty() && changes.stream().allMatch(c -> c.path().equals("position"));
    }

    @Override
    public String summary() {
      if (layoutOnly()) {
        return "Moved the step \"%s\".".formatted(after.name());
      }
      List<String> sentences = new ArrayList<>();
      Set<String> what = new LinkedHashSet<>();
      for (FieldChange change : changes) {
        String path = change.path();
        if (path.equals("name")) {
          sentences.add("Renamed the step \"%s\" to \"%s\".".formatted(before.name(), after.name()));
        } else if (path.equals("disabled")) {
          sentences.add((after.disabled() ? "Turned off" : "Turned on") + " the step \"%s\".".formatted(after.name()));
        } else {
          what.add(label(path));
        }
      }
      if (!what.isEmpty()) {
        sentences.add("Changed %s in the step \"%s\".".formatted(GraphValidator.joinWithAnd(List.copyOf(what)),
            after.name()));
      }
      return String.join(" ", sentences);
    }

    private static String label(String path) {
      if (path.equals("type")) {
        return "the kind of step";
      }
      if (path.equals("position")) {
        return "the place on the canvas";
      }
      if (path.equals("config")) {
        return "the settings";
      }
      if (path.startsWith("config")) {
        return "\"" + JsonPaths.firstKey(path.substring("config".length())) + "\"";
      }
      if (path.startsWith("options.retry")) {
        return "the retry policy";
      }
      if (path.equals("options.timeout")) {
        return "the time limit";
      }
      if (path.equals("options.onError")) {
        return "what happens on failure";
      }
      return "\"" + path + "\"";
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode json = header("node_changed", this);
      json.put("nodeId", after.id());
      json.put("name", after.name());
      json.put("layoutOnly", layoutOnly());
      json.set("fields", fields(changes));
      return json;
    }
  }

  record EdgeAdded(Edge edge, String fromName, String toName) implements GraphChange {

    public EdgeAdded {
      Objects.requireNonNull(edge);
      Objects.requireNonNull(fromName);
      Objects.requireNonNull(toName);
    }

    @Override
    public String summary() {
      return "Connected %s to %s.".formatted(source(edge, fromName), target(edge, toName));
    }

    @Override
    public ObjectNode toJson() {
      return header("edge_added", this).set("edge", WorkflowJsonWriter.edge(edge));
    }
  }

  record EdgeRemoved(Edge edge, String fromName, String toName) implements GraphChange {

    public EdgeRemoved {
      Objects.requireNonNull(edge);
      Objects.requireNonNull(fromName);
      Objects.requireNonNull(toName);
    }

    @Override
    public String summary() {
      return "Disconnected %s from %s.".formatted(source(edge, fromName), target(edge, toName));
    }

    @Override
    public ObjectNode toJson() {
      return header("edge_removed", this).set("edge", WorkflowJsonWriter.edge(edge));
    }
  }

  /** Paths are relative to the settings: {@code timezone}, {@code retry.maxAttempts}. */
  record SettingsChanged(List<FieldChange> changes) implements GraphChange {

    public SettingsChanged {
      changes = List.copyOf(changes);
    }

    @Override
    public String summary() {
      Set<String> what = new LinkedHashSet<>();
      for (FieldChange change : changes) {
        String path = change.path();
        what.add(switch (JsonPaths.firstKey("." + path)) {
          case "timezone" -> "the time zone";
          case "errorWorkflowId" -> "the error workflow";
          case "retry" -> "the default retry policy";
          default -> "\"" + path + "\"";
        });
      }
      return "Changed %s of the workflow.".formatted(GraphValidator.joinWithAnd(List.copyOf(what)));
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode json = header("settings_changed", this);
      json.set("fields", fields(changes));
      return json;
    }
  }

  private static ObjectNode header(String kind, GraphChange change) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("change", kind);
    json.put("summary", change.summary());
    return json;
  }

  private static ObjectNode nodeJson(String kind, GraphChange change, Node node) {
    ObjectNode json = header(kind, change);
    json.put("nodeId", node.id());
    json.set("node", WorkflowJsonWriter.node(node));
    return json;
  }

  private static ArrayNode fields(List<FieldChange> changes) {
    ArrayNode fields = JsonNodeFactory.instance.arrayNode();
    for (FieldChange change : changes) {
      ObjectNode field = fields.addObject();
      field.put("path", change.path());
      change.before().ifPresent(value -> field.set("before", value));
      change.after().ifPresent(value -> field.set("after", value));
    }
    return fields;
  }

  private static String source(Edge edge, String name) {
    return edge.fromPort().equals(Edge.DEFAULT_PORT)
        ? "\"%s\"".formatted(name) : "\"%s\" (%s)".formatted(name, edge.fromPort());
  }

  private static String target(Edge edge, String name) {
    return edge.toInput().equals(Edge.DEFAULT_INPUT)
        ? "\"%s\"".formatted(name) : "\"%s\" (%s)".formatted(name, edge.toInput());
  }
}
