package io.switchboard.engine.graph;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.switchboard.engine.graph.WorkflowFormatException.INVALID_VALUE;
import static io.switchboard.engine.graph.WorkflowFormatException.MISSING_FIELD;
import static io.switchboard.engine.graph.WorkflowFormatException.N8N_EXPORT;
import static io.switchboard.engine.graph.WorkflowFormatException.NOT_A_WORKFLOW;
import static io.switchboard.engine.graph.WorkflowFormatException.TOO_MANY_EDGES;
import static io.switchboard.engine.graph.WorkflowFormatException.TOO_MANY_NODES;
import static io.switchboard.engine.graph.WorkflowFormatException.UNKNOWN_FIELD;
import static io.switchboard.engine.graph.WorkflowFormatException.UNSUPPORTED_SCHEMA_VERSION;

/**
 * Turns a parsed JSON tree into a {@link WorkflowGraph}, or fails with a {@link WorkflowFormatException}
 * naming the first problem in words. Strict: wrong types and unknown fields are refused rather than
 * guessed at or dropped, so a graph read is always the whole graph.
 */
final class WorkflowJsonReader {

  private static final Set<String> ROOT_FIELDS = Set.of("schemaVersion", "nodes", "edges", "settings");
  private static final Set<String> NODE_FIELDS =
      Set.of("id", "type", "name", "position", "config", "options", "disabled");
  private static final Set<String> POSITION_FIELDS = Set.of("x", "y");
  private static final Set<String> OPTIONS_FIELDS = Set.of("retry", "timeout", "onError");
  private static final Set<String> RETRY_FIELDS =
      Set.of("maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter", "retryOn");
  private static final Set<String> EDGE_FIELDS = Set.of("from", "fromPort", "to", "toInput");
  private static final Set<String> SETTINGS_FIELDS = Set.of("timezone", "errorWorkflowId", "retry");

  private static final String NOT_OURS = "This file is not a Switchboard workflow: ";
  private static final String DURATION = "a duration such as \"PT30S\" (30 seconds) or \"PT5M\" (5 minutes)";

  private final WorkflowJson.Limits limits;
  /** Node ids to display names, so messages about connections name the steps. */
  private final Map<String, String> names = new HashMap<>();

  WorkflowJsonReader(WorkflowJson.Limits limits) {
    this.limits = limits;
  }

  WorkflowGraph read(JsonNode root) {
    checkShape(root);
    int schemaVersion = schemaVersion(root);
    JsonNode nodesJson = root.get("nodes");
    if (nodesJson.size() > limits.maxNodes()) {
      throw new WorkflowFormatException(TOO_MANY_NODES, "This workflow has %s steps; Switchboard allows at most %s."
          .formatted(count(nodesJson.size()), count(limits.maxNodes())));
    }
    JsonNode edgesJson = root.path("edges");
    if (!edgesJson.isMissingNode() && !edgesJson.isNull() && !edgesJson.isArray()) {
      throw invalid(Where.WORKFLOW, "edges", "a list of connections", edgesJson);
    }
    if (edgesJson.size() > limits.maxEdges()) {
      throw new WorkflowFormatException(TOO_MANY_EDGES, "This workflow has %s connections; Switchboard allows at most %s."
          .formatted(count(edgesJson.size()), count(limits.maxEdges())));
    }
    rejectUnknown((ObjectNode) root, ROOT_FIELDS, Where.WORKFLOW);

    List<Node> nodes = new ArrayList<>(nodesJson.size());
    for (int i = 0; i < nodesJson.size(); i++) {
      nodes.add(node(nodesJson.get(i), i));
    }
    List<Edge> edges = new ArrayList<>(edgesJson.size());
    for (int i = 0; i < edgesJson.size(); i++) {
      edges.add(edge(edgesJson.get(i), i));
    }
    Settings settings = settings(root.get("settings"));
    return new WorkflowGraph(schemaVersion, nodes, edges, settings);
  }

  // --- the overall shape, and foreign files

  private static void checkShape(JsonNode root) {
    if (root == null || root.isMissingNode()) {
      throw new WorkflowFormatException(WorkflowFormatException.NOT_JSON, "This file is empty.");
    }
    if (root.isArray()) {
      for (JsonNode element : root.values()) {
        if (looksLikeN8n(element)) {
          throw n8n();
        }
      }
      throw new WorkflowFormatException(NOT_A_WORKFLOW,
          NOT_OURS + "it holds a list where a workflow with \"nodes\" and \"edges\" was expected.");
    }
    if (!root.isObject()) {
      throw new WorkflowFormatException(NOT_A_WORKFLOW,
          NOT_OURS + "it holds " + describe(root) + " where a workflow with \"nodes\" and \"edges\" was expected.");
    }
    if (looksLikeN8n(root)) {
      throw n8n();
    }
    JsonNode nodes = root.get("nodes");
    if (nodes == null) {
      throw new WorkflowFormatException(NOT_A_WORKFLOW, NOT_OURS + "it has no 'nodes' list.");
    }
    if (!nodes.isArray()) {
      throw new WorkflowFormatException(NOT_A_WORKFLOW, NOT_OURS + "its 'nodes' is not a list.",
          Optional.of("nodes"));
    }
  }

  /** n8n exports have a "connections" map instead of edges, and nodes with "parameters" and "typeVersion". */
  private static boolean looksLikeN8n(JsonNode root) {
    if (!root.isObject()) {
      return false;
    }
    if (root.has("connections") && !root.has("edges")) {
      return true;
    }
    for (JsonNode node : root.path("nodes").values()) {
      String type = node.path("type").asString("");
      if (type.startsWith("n8n-nodes-") || type.startsWith("@n8n/") || node.has("typeVersion")
          || node.has("parameters")) {
        return true;
      }
    }
    return false;
  }

  private static WorkflowFormatException n8n() {
    return new WorkflowFormatException(N8N_EXPORT,
        NOT_OURS + "it looks like an n8n export. Use Import from n8n instead.");
  }

  private static int schemaVersion(JsonNode root) {
    JsonNode version = root.get("schemaVersion");
    if (version == null || version.isNull()) {
      throw new WorkflowFormatException(NOT_A_WORKFLOW, NOT_OURS + "it has no 'schemaVersion'.",
          Optional.of("schemaVersion"));
    }
    if (!version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
      throw invalid(Where.WORKFLOW, "schemaVersion", "a whole number such as 1", version);
    }
    if (version.intValue() > WorkflowGraph.CURRENT_SCHEMA_VERSION) {
      throw new WorkflowFormatException(UNSUPPORTED_SCHEMA_VERSION, ("This workflow was saved by a newer version of "
          + "Switchboard (format %d); this one reads format %d and older. Update Switchboard to open it.")
          .formatted(version.intValue(), WorkflowGraph.CURRENT_SCHEMA_VERSION), Optional.of("schemaVersion"));
    }
    return version.intValue();
  }

  // --- nodes

  private Node node(JsonNode json, int index) {
    String path = "nodes[" + index + "]";
    if (!json.isObject()) {
      throw new WorkflowFormatException(INVALID_VALUE,
          "Step %d should be a group of fields (id, type, name, ...), not %s.".formatted(index + 1, describe(json)),
          Optional.of(path));
    }
    ObjectNode object = (ObjectNode) json;
    Optional<String> name = optionalText(object, "name", new Where("Step " + (index + 1), path))
        .filter(s -> !s.isBlank());
    Where unnamed = new Where(name.map(n -> "The step \"" + n + "\"").orElse("Step " + (index + 1)), path);
    String id = optionalText(object, "id", unnamed).filter(s -> !s.isBlank()).orElseThrow(() ->
        new WorkflowFormatException(MISSING_FIELD, "%s has no \"id\"; every step needs one."
            .formatted(unnamed.subject()), Optional.of(path + ".id")));
    Where step = new Where("The step \"" + name.orElse(id) + "\"", path);
    String type = optionalText(object, "type", step).filter(s -> !s.isBlank()).orElseThrow(() ->
        new WorkflowFormatException(MISSING_FIELD, "%s has no \"type\", so Switchboard cannot tell what kind of step it is."
            .formatted(step.subject()), Optional.of(path + ".type")));
    rejectUnknown(object, NODE_FIELDS, step);
    names.putIfAbsent(id, name.orElse(id));

    Position position = position(object.get("position"), step);
    ObjectNode config = config(object.get("config"), step);
    NodeOptions options = options(object.get("options"), step);
    boolean disabled = bool(object, "disabled", step, false);
    return new Node(id, type, name.orElse(null), position, config, options, disabled);
  }

  private static Position position(JsonNode json, Where step) {
    Where where = step.at("position");
    return group(json, step, "position", where, "a place on the canvas such as {\"x\": 120, \"y\": 80}", POSITION_FIELDS)
        .map(object -> new Position(number(object, "x", where, 0), number(object, "y", where, 0)))
        .orElse(Position.ORIGIN);
  }

  private static ObjectNode config(JsonNode json, Where where) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (!json.isObject()) {
      throw invalid(where, "config", "a group of fields", json);
    }
    return ((ObjectNode) json).deepCopy();
  }

  private static NodeOptions options(JsonNode json, Where step) {
    Where where = step.at("options");
    Optional<ObjectNode> group = group(json, step, "options", where, "a group of fields (retry, timeout, onError)",
        OPTIONS_FIELDS);
    if (group.isEmpty()) {
      return NodeOptions.DEFAULTS;
    }
    ObjectNode object = group.get();
    Optional<RetryPolicy> retry = retry(object.get("retry"), where);
    Optional<Duration> timeout = duration(object, "timeout", where);
    if (timeout.isPresent() && timeout.get().isZero()) {
      throw invalid(where, "timeout", "a duration longer than zero", object.get("timeout"));
    }
    Optional<String> onError = optionalText(object, "onError", where);
    NodeOptions.OnError mode = NodeOptions.OnError.FAIL;
    if (onError.isPresent()) {
      try {
        mode = NodeOptions.OnError.valueOf(onError.get());
      } catch (IllegalArgumentException e) {
        throw invalid(where, "onError", "one of " + Arrays.stream(NodeOptions.OnError.values())
            .map(Enum::name).collect(Collectors.joining(", ")), object.get("onError"));
      }
    }
    return new NodeOptions(retry, timeout, mode);
  }

  /** Empty when absent or null; fields left out take the values of {@link RetryPolicy#DEFAULT}. */
  private static Optional<RetryPolicy> retry(JsonNode json, Where parent) {
    Where where = parent.at("retry");
    return group(json, parent, "retry", where, "a group of fields (maxAttempts, initialDelay, ...)", RETRY_FIELDS)
        .map(object -> retry(object, where));
  }

  private static RetryPolicy retry(ObjectNode object, Where where) {
    RetryPolicy defaults = RetryPolicy.DEFAULT;
    JsonNode attemptsJson = object.get("maxAttempts");
    int attempts = defaults.maxAttempts();
    if (attemptsJson != null && !attemptsJson.isNull()) {
      if (!attemptsJson.isIntegralNumber() || !attemptsJson.canConvertToInt()
          || attemptsJson.intValue() < 1 || attemptsJson.intValue() > 20) {
        throw invalid(where, "maxAttempts", "a whole number from 1 to 20", attemptsJson);
      }
      attempts = attemptsJson.intValue();
    }
    double multiplier = number(object, "multiplier", where, defaults.multiplier());
    if (multiplier < 1) {
      throw invalid(where, "multiplier", "a number of at least 1", object.get("multiplier"));
    }
    double jitter = number(object, "jitter", where, defaults.jitter());
    if (jitter < 0 || jitter > 1) {
      throw invalid(where, "jitter", "a number from 0 to 1", object.get("jitter"));
    }
    Set<String> retryOn = new LinkedHashSet<>();
    JsonNode codes = object.get("retryOn");
    if (codes != null && !codes.isNull()) {
      if (!codes.isArray()) {
        throw invalid(where, "retryOn", "a list of error codes", codes);
      }
      for (JsonNode code : codes.values()) {
        if (!code.isString()) {
          throw invalid(where, "retryOn", "a list of error codes (text)", code);
        }
        retryOn.add(code.stringValue());
      }
    }
    return new RetryPolicy(attempts,
        duration(object, "initialDelay", where).orElse(defaults.initialDelay()),
        multiplier,
        duration(object, "maxDelay", where).orElse(defaults.maxDelay()),
        jitter,
        retryOn);
  }

  // --- edges

  private Edge edge(JsonNode json, int index) {
    String path = "edges[" + index + "]";
    Where where = new Where("Connection " + (index + 1), path);
    if (!json.isObject()) {
      throw new WorkflowFormatException(INVALID_VALUE,
          "Connection %d should be a group of fields (from, fromPort, to, toInput), not %s."
              .formatted(index + 1, describe(json)), Optional.of(path));
    }
    ObjectNode object = (ObjectNode) json;
    String from = optionalText(object, "from", where).filter(s -> !s.isBlank()).orElseThrow(() ->
        new WorkflowFormatException(MISSING_FIELD, "Connection %d does not say which step it starts from (\"from\" is missing)."
            .formatted(index + 1), Optional.of(path + ".from")));
    String to = optionalText(object, "to", where).filter(s -> !s.isBlank()).orElseThrow(() ->
        new WorkflowFormatException(MISSING_FIELD, "Connection %d does not say which step it leads to (\"to\" is missing)."
            .formatted(index + 1), Optional.of(path + ".to")));
    where = new Where("The connection from \"%s\" to \"%s\"".formatted(names.getOrDefault(from, from),
        names.getOrDefault(to, to)), path);
    rejectUnknown(object, EDGE_FIELDS, where);
    return new Edge(from, optionalText(object, "fromPort", where).orElse(null), to,
        optionalText(object, "toInput", where).orElse(null));
  }

  // --- settings

  private static Settings settings(JsonNode json) {
    Where where = Where.SETTINGS;
    Optional<ObjectNode> group = group(json, Where.WORKFLOW, "settings", where,
        "a group of fields (timezone, errorWorkflowId, retry)", SETTINGS_FIELDS);
    if (group.isEmpty()) {
      return Settings.DEFAULTS;
    }
    ObjectNode object = group.get();
    Optional<String> timezone = optionalText(object, "timezone", where).filter(s -> !s.isBlank());
    if (timezone.isPresent()) {
      try {
        ZoneId.of(timezone.get());
      } catch (DateTimeException e) {
        throw invalid(where, "timezone", "a time zone such as \"America/New_York\"", object.get("timezone"));
      }
    }
    Optional<UUID> errorWorkflow = optionalText(object, "errorWorkflowId", where).filter(s -> !s.isBlank()).map(id -> {
      try {
        UUID uuid = UUID.fromString(id);
        // fromString also takes shortened forms such as "1-2-3-4-5"; only the canonical one reads back the same
        if (uuid.toString().equalsIgnoreCase(id)) {
          return uuid;
        }
      } catch (IllegalArgumentException e) {
        // refused below
      }
      throw invalid(where, "errorWorkflowId", "the id of a workflow", object.get("errorWorkflowId"));
    });
    return new Settings(timezone, errorWorkflow, retry(object.get("retry"), where).orElse(RetryPolicy.NONE));
  }

  // --- fields

  private static Optional<String> optionalText(ObjectNode object, String field, Where where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw invalid(where, field, "text", value);
    }
    return Optional.of(value.stringValue());
  }

  private static double number(ObjectNode object, String field, Where where, double fallback) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      throw invalid(where, field, "a number", value);
    }
    return value.doubleValue();
  }

  private static boolean bool(ObjectNode object, String field, Where where, boolean fallback) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw invalid(where, field, "true or false", value);
    }
    return value.booleanValue();
  }

  private static Optional<Duration> duration(ObjectNode object, String field, Where where) {
    Optional<String> text = optionalText(object, field, where);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Duration duration = Duration.parse(text.get());
      if (duration.isNegative()) {
        throw invalid(where, field, DURATION, object.get(field));
      }
      return Optional.of(duration);
    } catch (DateTimeParseException e) {
      throw invalid(where, field, DURATION, object.get(field));
    }
  }

  /**
   * The group of fields {@code field} of {@code parent} (called {@code inside} in messages about its
   * own fields): empty when absent or null, refused when not an object or with unknown fields.
   */
  private static Optional<ObjectNode> group(JsonNode json, Where parent, String field, Where inside, String expected,
                                            Set<String> known) {
    if (json == null || json.isNull()) {
      return Optional.empty();
    }
    if (!json.isObject()) {
      throw invalid(parent, field, expected, json);
    }
    rejectUnknown((ObjectNode) json, known, inside);
    return Optional.of((ObjectNode) json);
  }

  private static void rejectUnknown(ObjectNode object, Set<String> known, Where where) {
    for (String field : object.propertyNames()) {
      if (!known.contains(field)) {
        throw new WorkflowFormatException(UNKNOWN_FIELD, "%s has a field Switchboard does not know: \"%s\"."
            .formatted(where.subject(), field), Optional.of(where.child(field)));
      }
    }
  }

  private static WorkflowFormatException invalid(Where where, String field, String expected, JsonNode actual) {
    return new WorkflowFormatException(INVALID_VALUE, "%s, \"%s\" should be %s, not %s."
        .formatted(where.in(), where.field(field), expected, describe(actual)), Optional.of(where.child(field)));
  }

  /** A value as a non-technical reader would name it. */
  static String describe(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "the text \"" + shorten(value.stringValue()) + "\"";
      case NUMBER -> "the number " + shorten(value.toString());
      case BOOLEAN -> String.valueOf(value.booleanValue());
      case NULL -> "empty (null)";
      case ARRAY -> "a list";
      case OBJECT -> "a group of fields";
      default -> "something else";
    };
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 39) + "…";
  }

  private static String count(int n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /**
   * Where in the file a problem is: in words for the message, as a path for programs. {@code prefix}
   * names nested fields relative to the subject ("retry.maxAttempts" of a step).
   */
  private record Where(String subject, String path, String prefix) {

    static final Where WORKFLOW = new Where("The workflow", "", "");
    static final Where SETTINGS = new Where("The workflow settings", "settings", "");

    Where(String subject, String path) {
      this(subject, path, "");
    }

    Where at(String field) {
      return new Where(subject, child(field), prefix + field + ".");
    }

    String child(String field) {
      return path.isEmpty() ? field : path + "." + field;
    }

    String field(String field) {
      return prefix + field;
    }

    String in() {
      return "In " + Character.toLowerCase(subject.charAt(0)) + subject.substring(1);
    }
  }
}
