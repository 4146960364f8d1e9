package io.switchboard.engine.graph;

import io.switchboard.engine.graph.ValidationProblem.Severity;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.PortSpec;
import tools.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a workflow graph before it is saved as active: that every step is a known kind with the
 * config it needs, that connections join ports and inputs that exist, that nothing runs in circles
 * except through a loop, and that every step can be reached from a trigger. Problems come back as
 * values, errors and warnings, in words the person building the workflow understands.
 *
 * <p>Config field names in a {@link NodeDescriptor} may be paths into the config: {@code auth.token}
 * for a nested field, {@code cases[].when} for a field of every element of a list.
 *
 * <p>Runs in time linear in the size of the graph (cycles are found with Tarjan's algorithm, without
 * recursion, so long chains do not exhaust the stack).
 */
public final class GraphValidator {

  /** Validation codes, stable for programs. */
  public static final String DUPLICATE_NODE_ID = "duplicate_node_id";
  public static final String DUPLICATE_NODE_NAME = "duplicate_node_name";
  public static final String UNKNOWN_NODE_TYPE = "unknown_node_type";
  public static final String DEPRECATED_NODE_TYPE = "deprecated_node_type";
  public static final String MISSING_CONFIG = "missing_config";
  public static final String INVALID_EXPRESSION = "invalid_expression";
  public static final String INVALID_TEMPLATE = "invalid_template";
  public static final String EDGE_FROM_MISSING_NODE = "edge_from_missing_node";
  public static final String EDGE_TO_MISSING_NODE = "edge_to_missing_node";
  public static final String UNKNOWN_OUTPUT_PORT = "unknown_output_port";
  public static final String ERROR_PORT_NOT_ENABLED = "error_port_not_enabled";
  public static final String ERROR_PORT_UNCONNECTED = "error_port_unconnected";
  public static final String UNKNOWN_INPUT = "unknown_input";
  public static final String EDGE_INTO_TRIGGER = "edge_into_trigger";
  public static final String DUPLICATE_EDGE = "duplicate_edge";
  public static final String CYCLE = "cycle";
  public static final String NO_TRIGGER = "no_trigger";
  public static final String UNREACHABLE_NODE = "unreachable_node";
  public static final String LOOP_NEXT_UNCONNECTED = "loop_next_unconnected";

  /** The output a node leaves by when it fails and its options say {@link NodeOptions.OnError#ERROR_PORT}. */
  public static final String ERROR_PORT = "error";
  /** The loop input its body connects back to. */
  public static final String LOOP_NEXT_INPUT = "next";

  private final NodeCatalog catalog;
  private final Function<String, Optional<String>> expressionChecker;
  private final Function<String, Optional<String>> templateChecker;

  /**
   * @param expressionChecker given the text of an expression field, the reason it does not parse,
   *                          or empty when it does
   * @param templateChecker   the same for text with {@code {{ }}} placeholders
   */
  public GraphValidator(NodeCatalog catalog, Function<String, Optional<String>> expressionChecker,
                        Function<String, Optional<String>> templateChecker) {
    this.catalog = Objects.requireNonNull(catalog);
    this.expressionChecker = Objects.requireNonNull(expressionChecker);
    this.templateChecker = Objects.requireNonNull(templateChecker);
  }

  public List<ValidationProblem> validate(WorkflowGraph graph) {
    return new Run(graph).validate();
  }

  public static boolean hasErrors(List<ValidationProblem> problems) {
    return problems.stream().anyMatch(ValidationProblem::isError);
  }

  /** The state of one validation. */
  private final class Run {

    private final WorkflowGraph graph;
    private final List<ValidationProblem> problems = new ArrayList<>();
    /** Unique ids in graph order; a duplicate id refers to its first node. */
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Optional<NodeDescriptor>> descriptors = new ArrayList<>();

    Run(WorkflowGraph graph) {
      this.graph = graph;
    }

    List<ValidationProblem> validate() {
      indexNodes();
      graph.nodes().forEach(this::checkNode);
      checkEdges();
      checkWiring();
      boolean hasTrigger = checkTriggers();
      checkCycles();
      if (hasTrigger) {
        checkReachable();
      }
      return List.copyOf(problems);
    }

    private void indexNodes() {
      Map<String, String> nameToId = new HashMap<>();
      for (Node node : graph.nodes()) {
        Integer first = indexOf.get(node.id());
        if (first != null) {
          error(DUPLICATE_NODE_ID, node, null, "Two steps have the id \"%s\": %s and %s. Each step needs its own id."
              .formatted(node.id(), quote(nodes.get(first)), quote(node)));
          continue;
        }
        indexOf.put(node.id(), nodes.size());
        nodes.add(node);
        descriptors.add(catalog.descriptor(node.type()));
        String otherId = nameToId.putIfAbsent(node.name(), node.id());
        if (otherId != null) {
          warning(DUPLICATE_NODE_NAME, node, null, ("Two steps are called %s. Give them different names so later "
              + "steps can tell their results apart.").formatted(quote(node)));
        }
      }
    }

    // --- each step on its own

    private void checkNode(Node node) {
      Optional<NodeDescriptor> found = catalog.descriptor(node.type());
      if (found.isEmpty()) {
        error(UNKNOWN_NODE_TYPE, node, null, "The step %s uses a kind of step Switchboard does not know (%s)."
            .formatted(quote(node), node.type()));
        return;
      }
      NodeDescriptor descriptor = found.get();
      if (descriptor.deprecated()) {
        warning(DEPRECATED_NODE_TYPE, node, null, ("The step %s uses an old version of \"%s\" (%s). It still runs, "
            + "but consider replacing it with the current version.").formatted(quote(node), descriptor.displayName(),
            node.type()));
      }
      for (String spec : sorted(descriptor.requiredConfig())) {
        for (ConfigValue value : ConfigValue.resolve(node.config(), spec)) {
          if (value.isBlank()) {
            error(MISSING_CONFIG, node, value.path(), "The step %s needs a value for \"%s\"."
                .formatted(quote(node), value.path()));
          }
        }
      }
      checkSyntax(node, descriptor.expressionFields(), expressionChecker, INVALID_EXPRESSION);
      checkSyntax(node, descriptor.templateFields(), templateChecker, INVALID_TEMPLATE);
    }

    private void checkSyntax(Node node, Set<String> specs, Function<String, Optional<String>> checker, String code) {
      for (String spec : sorted(specs)) {
        for (ConfigValue value : ConfigValue.resolve(node.config(), spec)) {
          // literal numbers and the like need no parsing; blank values are the required check's business
          if (value.isBlank() || !value.value().isString()) {
            continue;
          }
          checker.apply(value.value().stringValue()).ifPresent(reason -> error(code, node, value.path(),
              "The step %s has a problem in \"%s\": %s".formatted(quote(node), value.path(), reason)));
        }
      }
    }

    // --- connections

    private void checkEdges() {
      Set<Edge> seen = new HashSet<>();
      Map<Integer, Set<String>> portsCache = new HashMap<>();
      for (Edge edge : graph.edges()) {
        Integer from = indexOf.get(edge.from());
        Integer to = indexOf.get(edge.to());
        if (from == null) {
          problems.add(new ValidationProblem(Severity.ERROR, EDGE_FROM_MISSING_NODE, Optional.ofNullable(to == null ? null
              : edge.to()), Optional.empty(), "A connection into %s starts from a step that does not exist (%s)."
              .formatted(to == null ? "\"" + edge.to() + "\"" : quote(nodes.get(to)), edge.from())));
        } else {
          checkOutputPort(edge, from, portsCache);
        }
        if (to == null) {
          problems.add(new ValidationProblem(Severity.ERROR, EDGE_TO_MISSING_NODE, Optional.ofNullable(from == null
              ? null : edge.from()), Optional.empty(), "A connection from %s leads to a step that does not exist (%s)."
              .formatted(from == null ? "\"" + edge.from() + "\"" : quote(nodes.get(from)), edge.to())));
        } else {
          checkInput(edge, to);
        }
        if (!seen.add(edge) && from != null && to != null) {
          warning(DUPLICATE_EDGE, nodes.get(from), null, "%s is connected to %s twice in the same way; remove one."
              .formatted(quote(nodes.get(from)), quote(nodes.get(to))));
        }
      }
    }

    private void checkOutputPort(Edge edge, int from, Map<Integer, Set<String>> portsCache) {
      Node node = nodes.get(from);
      if (descriptors.get(from).isEmpty()) {
        return;
      }
      Set<String> ports = portsCache.computeIfAbsent(from, i -> outputPorts(node));
      if (ports.contains(edge.fromPort())) {
        return;
      }
      if (edge.fromPort().equals(ERROR_PORT)) {
        warning(ERROR_PORT_NOT_ENABLED, node, ERROR_PORT, ("The step %s has a connection from its \"error\" output, "
            + "but it is not set to send its failures there, so that connection never runs.").formatted(quote(node)));
        return;
      }
      String message = ports.isEmpty()
          ? "The step %s has no outputs, so nothing can follow it.".formatted(quote(node))
          : "The step %s has no output called \"%s\"; %s %s.".formatted(quote(node), edge.fromPort(),
              ports.size() == 1 ? "its output is" : "its outputs are", list(ports));
      error(UNKNOWN_OUTPUT_PORT, node, edge.fromPort(), message);
    }

    private Set<String> outputPorts(Node node) {
      Set<String> ports = new LinkedHashSet<>();
      for (PortSpec port : catalog.outputPorts(node.type(), node.config())) {
        ports.add(port.name());
      }
      if (node.options().onError() == NodeOptions.OnError.ERROR_PORT) {
        ports.add(ERROR_PORT);
      }
      return ports;
    }

    private void checkInput(Edge edge, int to) {
      Node node = nodes.get(to);
      Optional<NodeDescriptor> descriptor = descriptors.get(to);
      if (descriptor.isEmpty()) {
        return;
      }
      if (descriptor.get().kind() == NodeKind.TRIGGER) {
        error(EDGE_INTO_TRIGGER, node, null, "The step %s starts the workflow, so nothing can lead into it."
            .formatted(quote(node)));
        return;
      }
      List<String> inputs = descriptor.get().inputs();
      if (!inputs.contains(edge.toInput())) {
        String message = inputs.isEmpty()
            ? "The step %s takes no input, so nothing can lead into it.".formatted(quote(node))
            : "The step %s has no input called \"%s\"; %s %s.".formatted(quote(node), edge.toInput(),
                inputs.size() == 1 ? "its input is" : "its inputs are", list(inputs));
        error(UNKNOWN_INPUT, node, edge.toInput(), message);
      }
    }

    /** Outputs and inputs that exist but are left unconnected where that is surely a slip. */
    private void checkWiring() {
      Set<String> withErrorEdge = new HashSet<>();
      Set<String> withNextEdge = new HashSet<>();
      for (Edge edge : graph.edges()) {
        if (edge.fromPort().equals(ERROR_PORT)) {
          withErrorEdge.add(edge.from());
        }
        if (edge.toInput().equals(LOOP_NEXT_INPUT)) {
          withNextEdge.add(edge.to());
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        if (node.options().onError() == NodeOptions.OnError.ERROR_PORT && !withErrorEdge.contains(node.id())) {
          warning(ERROR_PORT_UNCONNECTED, node, ERROR_PORT, ("The step %s sends its failures to its \"error\" output, "
              + "but nothing is connected to it.").formatted(quote(node)));
        }
        if (kind(i) == NodeKind.LOOP && !withNextEdge.contains(node.id())) {
          warning(LOOP_NEXT_UNCONNECTED, node, LOOP_NEXT_INPUT, ("Nothing is connected to the \"next\" input of the "
              + "loop %s. Connect the last step of the loop back to it so the loop moves on to the next item.")
              .formatted(quote(node)));
        }
      }
    }

    // --- the graph as a whole

    private boolean checkTriggers() {
      for (int i = 0; i < nodes.size(); i++) {
        if (kind(i) == NodeKind.TRIGGER) {
          return true;
        }
      }
      problems.add(new ValidationProblem(Severity.ERROR, NO_TRIGGER, Optional.empty(), Optional.empty(),
          "This workflow has no trigger, so nothing can start it. Add a trigger step, such as a webhook or a schedule."));
      return false;
    }

    private void checkReachable() {
      int[][] next = adjacency(false);
      boolean[] reached = new boolean[nodes.size()];
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      for (int i = 0; i < nodes.size(); i++) {
        if (kind(i) == NodeKind.TRIGGER) {
          reached[i] = true;
          queue.add(i);
        }
      }
      while (!queue.isEmpty()) {
        for (int w : next[queue.poll()]) {
          if (!reached[w]) {
            reached[w] = true;
            queue.add(w);
          }
        }
      }
      for (int i = 0; i < nodes.size(); i++) {
        if (!reached[i]) {
          warning(UNREACHABLE_NODE, nodes.get(i), null, "The step %s is not connected to any trigger, so it never runs."
              .formatted(quote(nodes.get(i))));
        }
      }
    }

    /** A cycle is fine only where it goes back into a loop's "next" input; any other is an error. */
    private void checkCycles() {
      int[][] next = adjacency(true);
      for (int[] component : StronglyConnected.components(next)) {
        boolean selfLoop = component.length == 1 && Arrays.stream(next[component[0]]).anyMatch(w -> w == component[0]);
        if (component.length == 1 && !selfLoop) {
          continue;
        }
        Arrays.sort(component);
        Node first = nodes.get(component[0]);
        String message = selfLoop
            ? "The step %s leads back into itself, so it would run in circles. ".formatted(quote(first))
            : "The steps %s would run in circles. ".formatted(names(component));
        error(CYCLE, first, null, message
            + "To repeat steps, use a loop and connect the last step back to its \"next\" input.");
      }
    }

    /** Successors by node index; {@code skipLoopBacks} leaves out edges into a loop's "next" input. */
    private int[][] adjacency(boolean skipLoopBacks) {
      List<List<Integer>> lists = new ArrayList<>(nodes.size());
      for (int i = 0; i < nodes.size(); i++) {
        lists.add(new ArrayList<>());
      }
      for (Edge edge : graph.edges()) {
        Integer from = indexOf.get(edge.from());
        Integer to = indexOf.get(edge.to());
        if (from == null || to == null) {
          continue;
        }
        if (skipLoopBacks && kind(to) == NodeKind.LOOP && edge.toInput().equals(LOOP_NEXT_INPUT)) {
          continue;
        }
        lists.get(from).add(to);
      }
      int[][] next = new int[nodes.size()][];
      for (int i = 0; i < next.length; i++) {
        next[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      return next;
    }

    private NodeKind kind(int index) {
      return descriptors.get(index).map(NodeDescriptor::kind).orElse(null);
    }

    private String names(int[] component) {
      int shown = Math.min(component.length, 5);
      List<String> names = new ArrayList<>();
      for (int i = 0; i < shown; i++) {
        names.add(quote(nodes.get(component[i])));
      }
      if (component.length > shown) {
        names.add((component.length - shown) + " more");
      }
      return joinWithAnd(names);
    }

    private void error(String code, Node node, String field, String message) {
      problems.add(new ValidationProblem(Severity.ERROR, code, Optional.of(node.id()), Optional.ofNullable(field),
          message));
    }

    private void warning(String code, Node node, String field, String message) {
      problems.add(new ValidationProblem(Severity.WARNING, code, Optional.of(node.id()), Optional.ofNullable(field),
          message));
    }
  }

  private static String quote(Node node) {
    return "\"" + node.name() + "\"";
  }

  private static String list(Iterable<String> names) {
    List<String> quoted = new ArrayList<>();
    names.forEach(name -> quoted.add("\"" + name + "\""));
    return joinWithAnd(quoted);
  }

  static String joinWithAnd(List<String> parts) {
    if (parts.size() <= 1) {
      return String.join("", parts);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
  }

  private static List<String> sorted(Set<String> fields) {
    return fields.stream().sorted().toList();
  }

  /** A value found in a node's config at a field path; {@code value} is null when absent. */
  private record ConfigValue(String path, JsonNode value) {

    boolean isBlank() {
      return value == null || value.isNull() || value.isMissingNode()
          || (value.isString() && value.stringValue().isBlank());
    }

    /** The values a field path names: one for {@code a.b}, one per element for {@code list[].b}. */
    static List<ConfigValue> resolve(JsonNode config, String spec) {
      List<ConfigValue> found = new ArrayList<>();
      resolve(config, spec.split("\\."), 0, "", found);
      return found;
    }

    private static void resolve(JsonNode current, String[] segments, int i, String path, List<ConfigValue> found) {
      if (i == segments.length) {
        found.add(new ConfigValue(path, current));
        return;
      }
      boolean each = segments[i].endsWith("[]");
      String name = each ? segments[i].substring(0, segments[i].length() - 2) : segments[i];
      JsonNode child = current != null && current.isObject() ? current.get(name) : null;
      String childPath = path.isEmpty() ? name : path + "." + name;
      if (!each) {
        resolve(child, segments, i + 1, childPath, found);
      } else if (child != null && child.isArray()) {
        for (int k = 0; k < child.size(); k++) {
          resolve(child.get(k), segments, i + 1, childPath + "[" + k + "]", found);
        }
      }
    }
  }
}
