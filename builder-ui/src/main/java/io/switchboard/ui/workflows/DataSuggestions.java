package io.switchboard.ui.workflows;

import tools.jackson.databind.JsonNode;

import io.switchboard.engine.expression.FieldAccess;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data a step's templates and expressions can read, as paths the expression engine evaluates
 * ({@code trigger.body.name}, {@code nodes["Look up contact"].email}, {@code contact.first_name},
 * {@code vars.booking_link}, {@code now()}): offered by the editor's autocomplete. Only steps that
 * lead into the step (its ancestors in the graph) are offered, since no other step has run by then.
 */
public final class DataSuggestions {

  /** One offered path: what is inserted, where it comes from, and an example value when one is known. */
  public record Suggestion(String path, String source, String hint) {}

  /** A step of the graph as the suggestions need it. */
  public record Step(String id, String name, String type, boolean trigger) {}

  /** A connection between two steps (ports do not matter here). */
  public record Link(String from, String to) {}

  /**
   * What is known about the data.
   *
   * @param outputSchemas       a node type's documented output (JSON schema) by type key
   * @param samplePayloads      a trigger step's sample payload (its {@code samplePayload} setting) by step id
   * @param lastTrigger         the trigger payload of the last run, when there is one
   * @param lastOutputs         each step's output in the last run, by step id
   * @param contactSchema       the contact's fields (JSON schema)
   * @param variableNames       the workspace's variables
   */
  public record Known(Map<String, JsonNode> outputSchemas, Map<String, JsonNode> samplePayloads,
                      Optional<JsonNode> lastTrigger, Map<String, JsonNode> lastOutputs, JsonNode contactSchema,
                      List<String> variableNames) {}

  static final int MAX_DEPTH = 4;
  static final int MAX_PER_ROOT = 60;

  private DataSuggestions() {}

  /** The steps that lead into {@code stepId}, nearest first (breadth-first against the connections). */
  public static List<String> ancestors(String stepId, List<Link> links) {
    Map<String, List<String>> into = new HashMap<>();
    for (Link l : links) into.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(l.from());
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(stepId));
    while (!queue.isEmpty()) {
      for (String from : into.getOrDefault(queue.poll(), List.of())) {
        if (!from.equals(stepId) && seen.add(from)) queue.add(from);
      }
    }
    return List.copyOf(seen);
  }

  /** What the step {@code stepId} can read, trigger first, then earlier steps, contact, variables and functions. */
  public static List<Suggestion> forStep(String stepId, List<Step> steps, List<Link> links, Known known) {
    Map<String, Step> byId = new HashMap<>();
    steps.forEach(s -> byId.put(s.id(), s));
    List<Step> upstream = ancestors(stepId, links).stream().map(byId::get).filter(s -> s != null).toList();
    Paths out = new Paths();

    // trigger: a sample the person gave, else what the last run started with, else the type's documentation
    out.add("trigger", "Trigger", "");
    List<Step> triggers = upstream.stream().filter(Step::trigger).toList();
    int before = out.size();
    for (Step t : triggers) {
      JsonNode sample = known.samplePayloads().get(t.id());
      if (sample != null && sample.isObject() && !sample.isEmpty()) out.fromValue("trigger", sample, "Trigger sample");
    }
    if (out.size() == before && !triggers.isEmpty()) {
      known.lastTrigger().ifPresent(p -> out.fromValue("trigger", p, "Last run"));
    }
    for (Step t : triggers) {
      JsonNode schema = known.outputSchemas().get(t.type());
      if (schema != null) out.fromSchema("trigger", schema, "Trigger");
    }

    for (Step s : upstream) {
      String root = "nodes[" + FieldAccess.quoted(s.name()) + "]";
      String source = "Step \"" + s.name() + "\"";
      out.add(root, source, "");
      JsonNode output = known.lastOutputs().get(s.id());
      if (output != null) out.fromValue(root, output, source + " · last run");
      JsonNode sample = s.trigger() ? known.samplePayloads().get(s.id()) : null;
      if (sample != null && sample.isObject()) out.fromValue(root, sample, source + " · sample");
      JsonNode schema = known.outputSchemas().get(s.type());
      if (schema != null) out.fromSchema(root, schema, source);
    }

    out.add("contact", "Contact", "The contact the run is about");
    out.fromSchema("contact", known.contactSchema(), "Contact");
    for (String v : known.variableNames()) {
      out.add(FieldAccess.of("vars", v), "Workspace variable", "");
    }
    out.add("now()", "Function", "The current date and time");
    return out.list();
  }


  /** Collects paths once each, in the order found, at most {@link #MAX_PER_ROOT} under each root. */
  private static final class Paths {
    private final Map<String, Suggestion> found = new java.util.LinkedHashMap<>();
    private final Map<String, Integer> perRoot = new HashMap<>();
    private String root = "";

    int size() {
      return found.size();
    }

    void add(String path, String source, String hint) {
      int count = perRoot.getOrDefault(root, 0);
      if (found.containsKey(path) || count >= MAX_PER_ROOT) return;
      perRoot.put(root, count + 1);
      found.put(path, new Suggestion(path, source, hint));
    }

    void fromValue(String rootPath, JsonNode value, String source) {
      root = rootPath;
      walkValue(rootPath, value, source, 0);
      root = "";
    }

    void fromSchema(String rootPath, JsonNode schema, String source) {
      root = rootPath;
      walkSchema(rootPath, schema, source, 0);
      root = "";
    }

    private void walkValue(String path, JsonNode value, String source, int depth) {
      if (depth >= MAX_DEPTH) return;
      if (value.isObject()) {
        value.properties().forEach(e -> {
          String child = FieldAccess.of(path, e.getKey());
          add(child, source, example(e.getValue()));
          walkValue(child, e.getValue(), source, depth + 1);
        });
      } else if (value.isArray() && !value.isEmpty()) {
        String child = path + "[0]";
        add(child, source, example(value.get(0)));
        walkValue(child, value.get(0), source, depth + 1);
      }
    }

    private void walkSchema(String path, JsonNode schema, String source, int depth) {
      if (depth >= MAX_DEPTH) return;
      schema.path("properties").properties().forEach(e -> {
        String child = FieldAccess.of(path, e.getKey());
        add(child, source, e.getValue().path("description").asString(""));
        walkSchema(child, e.getValue(), source, depth + 1);
      });
      JsonNode items = schema.path("items");
      if (items.isObject() && items.has("properties")) {
        String child = path + "[0]";
        add(child, source, items.path("description").asString(""));
        walkSchema(child, items, source, depth + 1);
      }
    }

    List<Suggestion> list() {
      return List.copyOf(found.values());
    }
  }

  /** A short example of a value: text and numbers as they are, objects and lists by their size. */
  private static String example(JsonNode value) {
    String text;
    if (value.isObject()) text = "{" + value.size() + " field" + (value.size() == 1 ? "" : "s") + "}";
    else if (value.isArray()) text = "[" + value.size() + " item" + (value.size() == 1 ? "" : "s") + "]";
    else if (value.isString()) text = "\"" + value.asString() + "\"";
    else text = value.toString();
    return text.length() > 40 ? text.substring(0, 39) + "…" : text;
  }
}
