package io.switchboard.templates;

import io.switchboard.engine.graph.Node;
import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.catalog.ConfigSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a workspace's workflow publishable as a template: every credential, phone number,
 * knowledge base and workflow it refers to is taken out, and becomes an input of the manifest
 * (one per credential type, one per distinct number or knowledge base), for the superadmin to
 * review and edit. Inputs already given are kept.
 */
public final class TemplateExtractor {

  private final NodeCatalog catalog;

  public TemplateExtractor(NodeCatalog catalog) {
    this.catalog = catalog;
  }

  /** The stripped graph and the inferred manifest. */
  public record Extracted(WorkflowGraph graph, TemplateManifest manifest) {}

  public Extracted extract(WorkflowGraph graph) {
    Map<String, Builder> inputs = new LinkedHashMap<>();
    List<Node> nodes = new ArrayList<>();
    for (Node node : graph.nodes()) {
      ObjectNode config = node.config().deepCopy();
      Optional<NodeType<?>> type = catalog.find(node.type());
      if (type.isPresent()) {
        JsonNode schema = ConfigSchemas.of(type.get().configType());
        JsonNode properties = schema.path("properties");
        java.util.Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asString("")));
        for (Map.Entry<String, JsonNode> field : properties.properties()) {
          String kind = field.getValue().path("x-kind").asString("");
          JsonNode value = config.path(field.getKey());
          if (value.isMissingNode() || value.isNull() || value.asString("").isBlank()) {
            continue;
          }
          String title = field.getValue().path("title").asString(field.getKey());
          switch (kind) {
            case "credential" -> {
              String credentialType = field.getValue().path("x-credential-type").asString("credential");
              inputs.computeIfAbsent("credential:" + credentialType, k -> new Builder(key(credentialType) + "Credential",
                  TemplateManifest.Kind.CREDENTIAL, capital(credentialType) + " account", credentialType)).add(node, field.getKey(), required.contains(field.getKey()));
              config.remove(field.getKey());
            }
            case "phone" -> {
              String number = value.asString("");
              if (number.contains("{{")) {
                continue; // computed from the run's data, not the workspace's number
              }
              inputs.computeIfAbsent("phone:" + number, k -> new Builder("phoneNumber" + suffix(inputs, "phone:"),
                  TemplateManifest.Kind.PHONE_NUMBER, "Phone number", null)).add(node, field.getKey(), required.contains(field.getKey()));
              config.remove(field.getKey());
            }
            case "knowledge-base" -> {
              inputs.computeIfAbsent("kb:" + value.asString(""), k -> new Builder("knowledgeBase" + suffix(inputs, "kb:"),
                  TemplateManifest.Kind.KNOWLEDGE_BASE, "Knowledge base", null)).add(node, field.getKey(), required.contains(field.getKey()));
              config.remove(field.getKey());
            }
            case "workflow" -> {
              inputs.computeIfAbsent("wf:" + value.asString(""), k -> new Builder("workflow" + suffix(inputs, "wf:"),
                  TemplateManifest.Kind.WORKFLOW, title, null)).add(node, field.getKey(), required.contains(field.getKey()));
              config.remove(field.getKey());
            }
            default -> { }
          }
        }
      }
      nodes.add(new Node(node.id(), node.type(), node.name(), node.position(), config, node.options(), node.disabled()));
    }
    List<TemplateManifest.Input> manifest = inputs.values().stream().map(Builder::build).toList();
    return new Extracted(new WorkflowGraph(graph.schemaVersion(), nodes, graph.edges(), new io.switchboard.engine.graph.Settings(graph.settings().timezone(), Optional.empty(), graph.settings().retry())),
        new TemplateManifest(manifest));
  }

  private static String suffix(Map<String, Builder> inputs, String prefix) {
    long n = inputs.keySet().stream().filter(k -> k.startsWith(prefix)).count();
    return n == 0 ? "" : String.valueOf(n + 1);
  }

  private static String key(String type) {
    String[] parts = type.split("[^A-Za-z0-9]+");
    StringBuilder out = new StringBuilder(parts[0].toLowerCase());
    for (int i = 1; i < parts.length; i++) {
      out.append(capital(parts[i]));
    }
    return out.toString();
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static final class Builder {
    final String key;
    final TemplateManifest.Kind kind;
    final String label;
    final String credentialType;
    final List<TemplateManifest.Target> targets = new ArrayList<>();
    boolean required;

    Builder(String key, TemplateManifest.Kind kind, String label, String credentialType) {
      this.key = key;
      this.kind = kind;
      this.label = label;
      this.credentialType = credentialType;
    }

    Builder add(Node node, String field, boolean fieldRequired) {
      targets.add(new TemplateManifest.Target(node.id(), field));
      required |= fieldRequired;
      return this;
    }

    TemplateManifest.Input build() {
      String help = kind == TemplateManifest.Kind.CREDENTIAL && !required
          ? "Optional: without one, the sandbox (or the account of the sending number) is used." : "";
      return new TemplateManifest.Input(key, kind, label, help, credentialType, null, required, targets);
    }
  }
}
