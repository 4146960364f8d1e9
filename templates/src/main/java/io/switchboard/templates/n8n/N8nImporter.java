package io.switchboard.templates.n8n;

import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.Edge;
import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.NodeOptions;
import io.switchboard.engine.graph.Position;
import io.switchboard.engine.graph.Settings;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.spi.NodeCatalog;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an n8n workflow export and builds the Switchboard workflow it describes: the common node
 * types with their parameters, positions and connections, expressions translated where they can
 * be, credentials never imported (only which kind each node needs). A node with no Switchboard
 * equivalent becomes a disabled placeholder keeping its parameters, which validation points at.
 * Nothing is saved here: the caller saves the result, whole, or nothing.
 */
public final class N8nImporter {

  public static final int MAX_BYTES = 5 * 1024 * 1024;
  /** The type given to placeholders of n8n nodes with no Switchboard equivalent. */
  public static final String PLACEHOLDER_PREFIX = "n8n.";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final NodeCatalog catalog;
  private final Expressions expressions;

  public N8nImporter(NodeCatalog catalog, Expressions expressions) {
    this.catalog = catalog;
    this.expressions = expressions;
  }

  /** The file is not an n8n workflow export; the message says why in plain words. */
  public static final class NotAnN8nExport extends Exception {
    public NotAnN8nExport(String message) {
      super(message);
    }
  }

  public N8nImport read(byte[] file) throws NotAnN8nExport {
    if (file.length > MAX_BYTES) {
      throw new NotAnN8nExport("The file is larger than 5 MB; an n8n workflow export is much smaller.");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file);
    } catch (JacksonException e) {
      throw new NotAnN8nExport("The file is not valid JSON, so it is not an n8n workflow export.");
    }
    if (root == null || !root.isObject() || !root.path("nodes").isArray() || !root.path("connections").isObject()) {
      throw new NotAnN8nExport("This JSON is not an n8n workflow export: it needs \"nodes\" and \"connections\".");
    }
    if (root.path("nodes").isEmpty()) {
      throw new NotAnN8nExport("The n8n workflow has no nodes.");
    }
    if (root.path("nodes").size() > 500) {
      throw new NotAnN8nExport("The n8n workflow has more than 500 nodes.");
    }
    return new Conversion(root).run();
  }

  private final class Conversion {
    private final JsonNode root;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<N8nImport.NodeReport> reports = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, String> idByName = new HashMap<>();
    private final Map<String, Mapped> mappedByName = new HashMap<>();
    private final Set<String> usedIds = new HashSet<>();

    Conversion(JsonNode root) {
      this.root = root;
    }

    N8nImport run() throws NotAnN8nExport {
      for (JsonNode n : root.path("nodes")) {
        String name = n.path("name").asString("").trim();
        String type = n.path("type").asString("");
        if (name.isEmpty() || type.isEmpty()) {
          throw new NotAnN8nExport("A node in the file has no name or no type; the export is damaged.");
        }
        if (idByName.containsKey(name)) {
          throw new NotAnN8nExport("Two nodes are called \"" + name + "\"; the export is damaged.");
        }
        if (type.equals("n8n-nodes-base.stickyNote")) {
          warnings.add("The sticky note \"" + name + "\" was left out.");
          continue;
        }
        String id = uniqueId(name);
        idByName.put(name, id);
        List<String> notes = new ArrayList<>();
        credentialNotes(n, notes);
        Mapped mapped = map(type, n.path("parameters"), notes);
        if (mapped.type().isPresent() && catalog.find(mapped.type().get()).isEmpty()) {
          notes.add(mapped.type().get() + " is not available on this server yet");
          mapped = Mapped.unsupported();
        }
        mappedByName.put(name, mapped);
        JsonNode pos = n.path("position");
        Position position = new Position(pos.path(0).asDouble(0), pos.path(1).asDouble(0));
        boolean disabled = n.path("disabled").asBoolean(false);
        if (mapped.type().isEmpty()) {
          ObjectNode config = F.objectNode();
          config.put("n8nType", type);
          config.set("parameters", n.path("parameters").isObject() ? n.path("parameters").deepCopy() : F.objectNode());
          nodes.add(new Node(id, PLACEHOLDER_PREFIX + placeholderKey(type) + "@1", name, position, config, NodeOptions.DEFAULTS, true));
          notes.add(0, "No Switchboard step does what this n8n node does; it was kept as a disabled placeholder to replace");
          reports.add(new N8nImport.NodeReport(name, type, "", "unsupported", notes));
          continue;
        }
        if (disabled) {
          notes.add("It was disabled in n8n and stays disabled");
        }
        nodes.add(new Node(id, mapped.type().get(), name, position, mapped.config(), NodeOptions.DEFAULTS, disabled));
        reports.add(new N8nImport.NodeReport(name, type, mapped.type().get(), notes.isEmpty() ? "mapped" : "needs_attention",
            notes));
      }
      connect();
      String name = root.path("name").asString("").trim();
      WorkflowGraph graph = new WorkflowGraph(WorkflowGraph.CURRENT_SCHEMA_VERSION, nodes, edges, Settings.DEFAULTS);
      return new N8nImport(name.isEmpty() ? "Imported from n8n" : name, graph, reports, warnings);
    }

    private void connect() {
      for (Map.Entry<String, JsonNode> from : root.path("connections").properties()) {
        String fromId = idByName.get(from.getKey());
        if (fromId == null) {
          warnings.add("A connection starts at \"" + from.getKey() + "\", which is not in the file; it was left out.");
          continue;
        }
        JsonNode outputs = from.getValue().path("main");
        for (int index = 0; index < outputs.size(); index++) {
          for (JsonNode target : outputs.path(index)) {
            String toName = target.path("node").asString("");
            String toId = idByName.get(toName);
            if (toId == null) {
              warnings.add("A connection from \"" + from.getKey() + "\" goes to \"" + toName + "\", which is not in the file.");
              continue;
            }
            String port = mappedByName.get(from.getKey()).port(index);
            String input = mappedByName.get(toName).input(target.path("index").asInt(0));
            edges.add(new Edge(fromId, port, toId, input));
          }
        }
        from.getValue().properties().forEach(e -> {
          if (!e.getKey().equals("main")) {
            warnings.add("\"" + from.getKey() + "\" feeds an AI sub-node (" + e.getKey() + "); set the model and tools on the AI step instead.");
          }
        });
      }
    }

    private String uniqueId(String name) {
      String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
      if (base.isEmpty()) {
        base = "node";
      }
      if (base.length() > 40) {
        base = base.substring(0, 40);
      }
      String id = base;
      for (int i = 2; !usedIds.add(id); i++) {
        id = base + "-" + i;
      }
      return id;
    }
  }

  /** The Switchboard step an n8n node became, and how its output and input indexes map to ports. */
  private record Mapped(Optional<String> type, ObjectNode config, List<String> ports) {
    static Mapped of(String type, ObjectNode config) {
      return new Mapped(Optional.of(type), config, List.of("out"));
    }

    static Mapped unsupported() {
      return new Mapped(Optional.empty(), F.objectNode(), List.of("out"));
    }

    String port(int index) {
      if (type.isEmpty()) {
        return "out";
      }
      return index < ports.size() ? ports.get(index) : ports.getLast();
    }

    String input(int index) {
      return "in";
    }
  }

  private Mapped map(String type, JsonNode p, List<String> notes) {
    return switch (type) {
      case "n8n-nodes-base.manualTrigger" -> Mapped.of("trigger.manual@1", F.objectNode());
      case "n8n-nodes-base.webhook" -> webhook(p, notes);
      case "n8n-nodes-base.scheduleTrigger", "n8n-nodes-base.cron" -> schedule(p, notes);
      case "n8n-nodes-base.set" -> set(p, notes);
      case "n8n-nodes-base.if" -> condition(p, notes);
      case "n8n-nodes-base.switch" -> switchNode(p, notes);
      case "n8n-nodes-base.merge" -> merge(p, notes);
      case "n8n-nodes-base.wait" -> waitNode(p, notes);
      case "n8n-nodes-base.httpRequest" -> http(p, notes);
      case "n8n-nodes-base.twilio" -> twilio(p, notes);
      case "n8n-nodes-base.sendGrid", "n8n-nodes-base.emailSend" -> email(type, p, notes);
      case "n8n-nodes-base.respondToWebhook" -> respond(p, notes);
      case "n8n-nodes-base.executeWorkflow" -> subWorkflow(p, notes);
      case "n8n-nodes-base.noOp" -> Mapped.of("logic.set@1", F.objectNode().set("fields", F.arrayNode()));
      case "@n8n/n8n-nodes-langchain.agent" -> ai("ai.agent@1", p, notes);
      case "@n8n/n8n-nodes-langchain.chainLlm", "@n8n/n8n-nodes-langchain.openAi",
           "@n8n/n8n-nodes-langchain.lmChatOpenAi" -> ai("ai.llm@1", p, notes);
      default -> Mapped.unsupported();
    };
  }

  private Mapped webhook(JsonNode p, List<String> notes) {
    ObjectNode c = F.objectNode();
    c.putArray("methods").add(p.path("httpMethod").asString("GET").toUpperCase(Locale.ROOT));
    String mode = p.path("responseMode").asString("onReceived");
    c.put("respond", mode.equals("responseNode") ? "respond_node" : "immediately");
    if (mode.equals("lastNode")) {
      notes.add("n8n answered with the last node's data; add a Respond step and set Answer to wait for it");
    }
    notes.add("The webhook gets a new secret address: update the system that calls it");
    if (!p.path("authentication").asString("none").equals("none")) {
      notes.add("n8n checked the caller (" + p.path("authentication").asString() + "); choose header or HMAC checking here");
    }
    return Mapped.of("trigger.webhook@1", c);
  }

  private Mapped schedule(JsonNode p, List<String> notes) {
    String cron = null;
    JsonNode interval = p.path("rule").path("interval").path(0);
    String field = interval.path("field").asString("");
    int hour = interval.path("triggerAtHour").asInt(0);
    int minute = interval.path("triggerAtMinute").asInt(0);
    switch (field) {
      case "cronExpression" -> cron = quartz(interval.path("expression").asString(""));
      case "seconds" -> cron = "0/" + interval.path("secondsInterval").asInt(30) + " * * * * ?";
      case "minutes" -> cron = "0 0/" + interval.path("minutesInterval").asInt(5) + " * * * ?";
      case "hours" -> cron = "0 " + interval.path("triggerAtMinute").asInt(0) + " 0/" + interval.path("hoursInterval").asInt(1) + " * * ?";
      case "days" -> cron = "0 " + minute + " " + hour + " 1/" + interval.path("daysInterval").asInt(1) + " * ?";
      case "weeks" -> {
        List<String> days = new ArrayList<>();
        interval.path("triggerAtDay").forEach(d -> days.add(String.valueOf(d.asInt() + 1)));
        cron = "0 " + minute + " " + hour + " ? * " + (days.isEmpty() ? "1" : String.join(",", days));
      }
      default -> {
        if (p.path("triggerTimes").isObject()) {
          JsonNode item = p.path("triggerTimes").path("item").path(0);
          cron = "0 " + item.path("minute").asInt(0) + " " + item.path("hour").asInt(9) + " * * ?";
        }
      }
    }
    ObjectNode c = F.objectNode();
    if (cron == null) {
      notes.add("The schedule could not be read; set when it runs");
      c.put("cron", "");
    } else {
      c.put("cron", cron);
    }
    return Mapped.of("trigger.schedule@1", c);
  }

  /** n8n's five-field cron (Sunday = 0) as Quartz's six fields (Sunday = 1, one of day-of-month or weekday '?'). */
  static String quartz(String fiveFields) {
    String[] f = fiveFields.trim().split("\\s+");
    if (f.length == 6) {
      f = new String[] {f[1], f[2], f[3], f[4], f[5]}; // n8n also accepts seconds first
    }
    if (f.length != 5) {
      return null;
    }
    String dom = f[2];
    String dow = shiftWeekdays(f[4]);
    if (dow.equals("*")) {
      dow = "?";
    } else if (dom.equals("*")) {
      dom = "?";
    }
    return "0 " + f[0] + " " + f[1] + " " + dom + " " + f[3] + " " + dow;
  }

  private static String shiftWeekdays(String dow) {
    if (dow.equals("*") || !dow.matches("[0-7,\\-/]+")) {
      return dow;
    }
    StringBuilder out = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(dow);
    int last = 0;
    while (m.find()) {
      out.append(dow, last, m.start());
      int d = Integer.parseInt(m.group()) % 7;
      out.append(d + 1);
      last = m.end();
    }
    out.append(dow.substring(last));
    return out.toString();
  }

  private Mapped set(JsonNode p, List<String> notes) {
    ArrayNode fields = F.arrayNode();
    if (p.path("assignments").path("assignments").isArray()) {
      for (JsonNode a : p.path("assignments").path("assignments")) {
        fields.add(field(a.path("name").asString(""), a.path("value"), notes));
      }
    } else if (p.path("fields").path("values").isArray()) {
      for (JsonNode a : p.path("fields").path("values")) {
        JsonNode value = a.has("stringValue") ? a.path("stringValue") : a.has("numberValue") ? a.path("numberValue")
            : a.has("booleanValue") ? a.path("booleanValue") : a.path("value");
        fields.add(field(a.path("name").asString(""), value, notes));
      }
    } else if (p.path("values").isObject()) {
      for (String kind : List.of("string", "number", "boolean")) {
        for (JsonNode a : p.path("values").path(kind)) {
          fields.add(field(a.path("name").asString(""), a.path("value"), notes));
        }
      }
    }
    ObjectNode c = F.objectNode();
    c.set("fields", fields);
    if (p.path("includeOtherFields").isBoolean() || p.path("keepOnlySet").isBoolean()) {
      c.put("keepInput", p.path("includeOtherFields").asBoolean(!p.path("keepOnlySet").asBoolean(false)));
    }
    return Mapped.of("logic.set@1", c);
  }

  private ObjectNode field(String name, JsonNode value, List<String> notes) {
    ObjectNode f = F.objectNode();
    f.put("name", name);
    if (value.isString()) {
      f.put("value", template(value.asString(), "the field " + name, notes));
    } else {
      f.set("value", value.deepCopy());
    }
    return f;
  }

  private Mapped condition(JsonNode p, List<String> notes) {
    String expr = conditions(p.path("conditions"), p.path("combineOperation").asString(""), notes);
    ObjectNode c = F.objectNode();
    c.put("condition", expr);
    return new Mapped(Optional.of("logic.condition@1"), c, List.of("true", "false"));
  }

  private Mapped switchNode(JsonNode p, List<String> notes) {
    ArrayNode cases = F.arrayNode();
    List<String> ports = new ArrayList<>();
    JsonNode rules = p.path("rules").path("values").isArray() ? p.path("rules").path("values") : p.path("rules").path("rules");
    int i = 0;
    for (JsonNode rule : rules) {
      i++;
      String port = "case" + i;
      ObjectNode c = F.objectNode();
      c.put("port", port);
      c.put("label", rule.path("outputKey").asString(rule.path("renameOutput").asBoolean(false) ? port : "Case " + i));
      if (rule.path("conditions").isObject()) {
        c.put("condition", conditions(rule.path("conditions"), "", notes));
      } else {
        // the older switch compared one value against each rule's value
        String left = N8nExpressions.operand(p.path("value1").isMissingNode() ? p.path("value") : p.path("value1"), p.path("dataType").asString("string")).text();
        String right = N8nExpressions.operand(scalar(rule.path("value2").isMissingNode() ? rule.path("value") : rule.path("value2")), p.path("dataType").asString("string")).text();
        c.put("condition", left + " == " + right);
      }
      cases.add(c);
      ports.add(port);
    }
    if (cases.isEmpty()) {
      notes.add("The switch's rules could not be read; add its cases");
    }
    ports.add("otherwise");
    ObjectNode c = F.objectNode();
    c.set("cases", cases);
    return new Mapped(Optional.of("logic.switch@1"), c, ports);
  }

  private Mapped merge(JsonNode p, List<String> notes) {
    String mode = p.path("mode").asString("append");
    if (!List.of("append", "combine", "chooseBranch", "mergeByIndex", "passThrough", "wait").contains(mode)) {
      notes.add("n8n merged in mode \"" + mode + "\"; here the step waits for all branches and passes their data on");
    }
    if (mode.equals("combine") || mode.equals("mergeByIndex")) {
      notes.add("n8n combined the branches' items field by field; here the data of each branch is kept as it arrived");
    }
    return Mapped.of("logic.merge@1", F.objectNode().put("mode", "all"));
  }

  private Mapped waitNode(JsonNode p, List<String> notes) {
    String resume = p.path("resume").asString("timeInterval");
    ObjectNode c = F.objectNode();
    switch (resume) {
      case "timeInterval" -> {
        String unit = p.path("unit").asString("hours");
        double amount = p.path("amount").asDouble(1);
        String suffix = switch (unit) {
          case "seconds" -> "s";
          case "minutes" -> "m";
          case "days" -> "d";
          default -> "h";
        };
        c.put("mode", "duration");
        c.put("duration", (amount == Math.rint(amount) ? String.valueOf((long) amount) : String.valueOf(amount)) + suffix);
      }
      case "specificTime" -> {
        c.put("mode", "until");
        c.put("until", template(p.path("dateTime").asString(""), "the date to wait until", notes));
      }
      default -> {
        notes.add("n8n resumed this wait by a call to its own resume address; choose the event to wait for");
        return new Mapped(Optional.of("logic.wait-event@1"), F.objectNode().put("eventKey", "").put("timeout", ""),
            List.of("received", "timeout"));
      }
    }
    return Mapped.of("logic.delay@1", c);
  }

  private Mapped http(JsonNode p, List<String> notes) {
    ObjectNode c = F.objectNode();
    c.put("method", p.path("method").asString(p.path("requestMethod").asString("GET")).toUpperCase(Locale.ROOT));
    c.put("url", template(p.path("url").asString(""), "the address", notes));
    ObjectNode query = pairs(p.path("queryParameters").path("parameters"), "a query parameter", notes);
    if (!query.isEmpty()) {
      c.set("query", query);
    }
    ObjectNode headers = pairs(p.path("headerParameters").path("parameters"), "a header", notes);
    if (!headers.isEmpty()) {
      c.set("headers", headers);
    }
    if (p.path("sendBody").asBoolean(false)) {
      String contentType = p.path("contentType").asString("json");
      if (p.path("specifyBody").asString("keypair").equals("json")) {
        c.put("bodyType", "json");
        String body = p.path("jsonBody").asString("");
        String translated = template(body, "the JSON body", notes);
        try {
          c.set("body", JSON.readTree(translated));
        } catch (JacksonException e) {
          c.put("body", translated);
        }
      } else {
        c.put("bodyType", contentType.equals("form-urlencoded") ? "form" : "json");
        c.set("body", pairs(p.path("bodyParameters").path("parameters"), "a body field", notes));
      }
    }
    String auth = p.path("authentication").asString("none");
    if (!auth.equals("none")) {
      notes.add("n8n authenticated with " + p.path("nodeCredentialType").asString(p.path("genericAuthType").asString(auth))
          + "; choose the authentication and a credential here");
    }
    return Mapped.of("http.request@1", c);
  }

  private ObjectNode pairs(JsonNode list, String what, List<String> notes) {
    ObjectNode out = F.objectNode();
    for (JsonNode pair : list) {
      String name = pair.path("name").asString("");
      if (!name.isEmpty()) {
        out.put(name, template(pair.path("value").asString(""), what + " " + name, notes));
      }
    }
    return out;
  }

  private Mapped twilio(JsonNode p, List<String> notes) {
    String operation = p.path("operation").asString("send");
    if (!operation.equals("send")) {
      notes.add("Only sending was mapped; n8n's Twilio \"" + operation + "\" operation was not");
    }
    boolean whatsapp = p.path("toWhatsapp").asBoolean(false);
    ObjectNode c = F.objectNode();
    c.put("to", template(p.path("to").asString(""), "the recipient", notes));
    c.put("body", template(p.path("message").asString(""), "the message", notes));
    String from = p.path("from").asString("");
    if (!from.isEmpty() && !from.startsWith("=")) {
      c.put("from", from);
    } else if (!from.isEmpty()) {
      notes.add("n8n computed the sending number; pick one of your numbers");
    }
    return Mapped.of(whatsapp ? "whatsapp.send@1" : "sms.send@1", c);
  }

  private Mapped email(String type, JsonNode p, List<String> notes) {
    ObjectNode c = F.objectNode();
    c.put("to", template(p.path("toEmail").asString(""), "the recipient", notes));
    c.put("subject", template(p.path("subject").asString(""), "the subject", notes));
    String html = p.path("html").asString(p.path("contentValue").asString(""));
    String text = p.path("text").asString("");
    if (!html.isEmpty()) {
      c.put("html", template(html, "the HTML body", notes));
    }
    if (!text.isEmpty()) {
      c.put("text", template(text, "the text body", notes));
    }
    String from = p.path("fromEmail").asString("");
    if (!from.isEmpty()) {
      c.put("from", template(from, "the sender", notes));
    }
    return Mapped.of("email.send@1", c);
  }

  private Mapped respond(JsonNode p, List<String> notes) {
    ObjectNode c = F.objectNode();
    c.put("status", p.path("options").path("responseCode").asInt(200));
    String with = p.path("respondWith").asString("firstIncomingItem");
    switch (with) {
      case "json" -> {
        String body = template(p.path("responseBody").asString(""), "the answer", notes);
        try {
          c.set("body", JSON.readTree(body));
        } catch (JacksonException e) {
          c.put("body", body);
        }
      }
      case "text" -> c.put("body", template(p.path("responseBody").asString(""), "the answer", notes));
      case "noData" -> c.put("body", "");
      default -> { } // the incoming data, as here when no body is set
    }
    return Mapped.of("logic.respond@1", c);
  }

  private Mapped subWorkflow(JsonNode p, List<String> notes) {
    notes.add("Choose which of your workflows this step runs (n8n's workflow ids mean nothing here)");
    return Mapped.of("logic.subworkflow@1", F.objectNode());
  }

  private Mapped ai(String type, JsonNode p, List<String> notes) {
    ObjectNode c = F.objectNode();
    String prompt = p.path("text").asString(p.path("prompt").asString(""));
    if (!prompt.isEmpty()) {
      c.put("userPrompt", template(prompt, "the prompt", notes));
    }
    String system = p.path("options").path("systemMessage").asString("");
    if (!system.isEmpty()) {
      c.put("systemPrompt", template(system, "the system message", notes));
    }
    notes.add("Choose the model and its credential; n8n's model and tool sub-nodes are not imported");
    return Mapped.of(type, c);
  }

  private String conditions(JsonNode conditions, String combineOperation, List<String> notes) {
    List<String> parts = new ArrayList<>();
    String join = " && ";
    if (conditions.path("conditions").isArray()) {
      join = conditions.path("combinator").asString("and").equals("or") ? " || " : " && ";
      for (JsonNode c : conditions.path("conditions")) {
        JsonNode op = c.path("operator");
        String type = op.path("type").asString("string");
        String left = operand(c.path("leftValue"), type, notes);
        String right = operand(c.path("rightValue"), type, notes);
        parts.add(compare(left, op.path("operation").asString("equals"), right, notes));
      }
    } else {
      join = combineOperation.equals("any") ? " || " : " && ";
      for (String type : List.of("string", "number", "boolean", "dateTime")) {
        for (JsonNode c : conditions.path(type)) {
          String left = operand(c.path("value1"), type, notes);
          String right = operand(c.path("value2"), type, notes);
          parts.add(compare(left, legacy(c.path("operation").asString("equal")), right, notes));
        }
      }
    }
    if (parts.isEmpty()) {
      notes.add("The condition could not be read; write it");
      return "true";
    }
    String expr = parts.size() == 1 ? parts.getFirst() : "(" + String.join(")" + join + "(", parts) + ")";
    expressions.check(expr).ifPresent(problem -> notes.add("The condition " + expr + " needs fixing: " + problem));
    return expr;
  }

  private static String legacy(String operation) {
    return switch (operation) {
      case "equal" -> "equals";
      case "notEqual" -> "notEquals";
      case "larger" -> "gt";
      case "largerEqual" -> "gte";
      case "smaller" -> "lt";
      case "smallerEqual" -> "lte";
      default -> operation;
    };
  }

  private String operand(JsonNode value, String type, List<String> notes) {
    N8nExpressions.Translation t = N8nExpressions.operand(scalar(value), type);
    t.problems().forEach(problem -> notes.add("Check the condition: " + problem));
    return t.text();
  }

  private static Object scalar(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return "";
    }
    if (value.isNumber()) {
      return value.numberValue();
    }
    if (value.isBoolean()) {
      return value.asBoolean();
    }
    return value.asString("");
  }

  private static String compare(String left, String operation, String right, List<String> notes) {
    return switch (operation) {
      case "equals" -> left + " == " + right;
      case "notEquals" -> left + " != " + right;
      case "gt", "after" -> left + " > " + right;
      case "gte" -> left + " >= " + right;
      case "lt", "before" -> left + " < " + right;
      case "lte" -> left + " <= " + right;
      case "contains" -> left + ".contains(" + right + ")";
      case "notContains" -> "!" + left + ".contains(" + right + ")";
      case "startsWith" -> left + ".startsWith(" + right + ")";
      case "endsWith" -> left + ".endsWith(" + right + ")";
      case "regex" -> left + ".matches(" + right + ")";
      case "exists" -> "default(" + left + ", null) != null";
      case "notExists" -> "default(" + left + ", null) == null";
      case "isNotEmpty", "notEmpty" -> "size(string(default(" + left + ", \"\"))) > 0";
      case "isEmpty", "empty" -> "size(string(default(" + left + ", \"\"))) == 0";
      case "true" -> left + " == true";
      case "false" -> left + " == false";
      default -> {
        notes.add("The comparison \"" + operation + "\" has no equivalent; it was written as equality, check it");
        yield left + " == " + right;
      }
    };
  }

  private String template(String value, String what, List<String> notes) {
    N8nExpressions.Translation t = N8nExpressions.template(value);
    t.problems().forEach(problem -> notes.add("In " + what + ": " + problem));
    if (t.expression() && t.problems().isEmpty()) {
      expressions.checkTemplate(t.text()).ifPresent(problem -> notes.add("In " + what + ", " + t.text() + " needs fixing: " + problem));
    }
    return t.text();
  }

  private static void credentialNotes(JsonNode n, List<String> notes) {
    for (Map.Entry<String, JsonNode> c : n.path("credentials").properties()) {
      notes.add("Used the n8n credential \"" + c.getValue().path("name").asString(c.getKey()) + "\" (" + c.getKey()
          + "): credentials are never imported; choose one of yours");
    }
  }

  private static String placeholderKey(String n8nType) {
    String last = n8nType.substring(n8nType.lastIndexOf('.') + 1);
    String key = last.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
    return key.isEmpty() ? "unknown" : key;
  }
}
