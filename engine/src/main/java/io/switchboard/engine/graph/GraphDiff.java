package io.switchboard.engine.graph;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two versions of a workflow, compared on their JSON form: steps added,
 * removed or changed (down to the config field), connections added or removed, settings changed.
 * Steps are matched by id; a step whose id appears twice is compared by its first occurrence.
 *
 * <p>Order: removed steps (in the old order), then added and changed steps (in the new order), then
 * removed and added connections, then settings.
 */
public final class GraphDiff {

  private GraphDiff() {
  }

  public static List<GraphChange> between(WorkflowGraph before, WorkflowGraph after) {
    Map<String, Node> oldNodes = byId(before);
    Map<String, Node> newNodes = byId(after);
    List<GraphChange> changes = new ArrayList<>();

    oldNodes.values().stream().filter(n -> !newNodes.containsKey(n.id())).map(GraphChange.NodeRemoved::new)
        .forEach(changes::add);
    for (Node node : newNodes.values()) {
      Node old = oldNodes.get(node.id());
      if (old == null) {
        changes.add(new GraphChange.NodeAdded(node));
        continue;
      }
      List<FieldChange> fields = nodeChanges(old, node);
      if (!fields.isEmpty()) {
        changes.add(new GraphChange.NodeChanged(old, node, fields));
      }
    }

    Map<Edge, Integer> remaining = count(after.edges());
    for (Edge edge : before.edges()) {
      if (!take(remaining, edge)) {
        changes.add(new GraphChange.EdgeRemoved(edge, name(edge.from(), oldNodes, newNodes),
            name(edge.to(), oldNodes, newNodes)));
      }
    }
    remaining = count(before.edges());
    for (Edge edge : after.edges()) {
      if (!take(remaining, edge)) {
        changes.add(new GraphChange.EdgeAdded(edge, name(edge.from(), newNodes, oldNodes),
            name(edge.to(), newNodes, oldNodes)));
      }
    }

    List<FieldChange> settings = new ArrayList<>();
    compare("", WorkflowJsonWriter.settings(before.settings()), WorkflowJsonWriter.settings(after.settings()), settings);
    if (!settings.isEmpty()) {
      changes.add(new GraphChange.SettingsChanged(settings));
    }
    return List.copyOf(changes);
  }

  /** The changes as a JSON list for the API, each in its {@link GraphChange#toJson()} form. */
  public static ArrayNode toJson(List<GraphChange> changes) {
    ArrayNode json = JsonNodeFactory.instance.arrayNode();
    changes.forEach(change -> json.add(change.toJson()));
    return json;
  }

  private static List<FieldChange> nodeChanges(Node before, Node after) {
    ObjectNode old = WorkflowJsonWriter.node(before);
    ObjectNode now = WorkflowJsonWriter.node(after);
    List<FieldChange> changes = new ArrayList<>();
    for (String field : List.of("type", "name", "position", "config", "options", "disabled")) {
      if (field.equals("position")) {
        // x and y move together; one change reads better than two
        if (!old.get(field).equals(now.get(field))) {
          changes.add(new FieldChange(field, Optional.of(old.get(field)), Optional.of(now.get(field))));
        }
      } else {
        compare(field, old.get(field), now.get(field), changes);
      }
    }
    return changes;
  }

  /** Adds the differences between two JSON values at {@code path}, descending into objects and equal-length lists. */
  private static void compare(String path, JsonNode before, JsonNode after, List<FieldChange> changes) {
    if (before != null && before.equals(after)) {
      return;
    }
    if (before != null && after != null && before.isObject() && after.isObject()) {
      // Fixed-order objects have the same keys on both sides; config keys are written sorted, so a
      // sorted union keeps the changes in the order of the file.
      Set<String> keys = new LinkedHashSet<>(before.propertyNames());
      if (!keys.equals(new HashSet<>(after.propertyNames()))) {
        keys = new TreeSet<>(keys);
        keys.addAll(after.propertyNames());
      }
      for (String key : keys) {
        compare(JsonPaths.key(path, key), before.get(key), after.get(key), changes);
      }
      return;
    }
    if (before != null && after != null && before.isArray() && after.isArray() && before.size() == after.size()) {
      for (int i = 0; i < before.size(); i++) {
        compare(JsonPaths.index(path, i), before.get(i), after.get(i), changes);
      }
      return;
    }
    changes.add(new FieldChange(path, Optional.ofNullable(before), Optional.ofNullable(after)));
  }

  private static Map<String, Node> byId(WorkflowGraph graph) {
    Map<String, Node> nodes = new LinkedHashMap<>();
    graph.nodes().forEach(node -> nodes.putIfAbsent(node.id(), node));
    return nodes;
  }

  private static Map<Edge, Integer> count(List<Edge> edges) {
    Map<Edge, Integer> counts = new HashMap<>();
    edges.forEach(edge -> counts.merge(edge, 1, Integer::sum));
    return counts;
  }

  /** Takes one of {@code edge} from the multiset; false when there is none left. */
  private static boolean take(Map<Edge, Integer> counts, Edge edge) {
    Integer left = counts.get(edge);
    if (left == null || left == 0) {
      return false;
    }
    counts.put(edge, left - 1);
    return true;
  }

  private static String name(String id, Map<String, Node> first, Map<String, Node> second) {
    Node node = first.containsKey(id) ? first.get(id) : second.get(id);
    return node == null ? id : node.name();
  }
}
