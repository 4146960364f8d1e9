package io.switchboard.engine.graph;

import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.PortSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** A small catalog of node types shaped like the real ones, for graph tests. */
final class TestCatalog implements NodeCatalog {

  static final String WEBHOOK = "trigger.webhook@1";
  static final String SET = "core.set@1";
  static final String CONDITION = "core.condition@1";
  static final String SWITCH = "core.switch@1";
  static final String LOOP = "core.loop@1";
  static final String MERGE = "core.merge@1";
  static final String SEND_SMS = "sms.send@2";
  static final String OLD_SEND_SMS = "sms.send@1";

  private final Map<String, NodeType<?>> types = new LinkedHashMap<>();

  TestCatalog() {
    add(descriptor(WEBHOOK, "Webhook", NodeKind.TRIGGER, List.of(), Set.of("path"), Set.of(), Set.of(), false),
        config -> ports("out"));
    add(descriptor(SET, "Set values", NodeKind.ACTION, List.of("in"), Set.of(), Set.of("values[].value"), Set.of(),
        false), config -> ports("out"));
    add(descriptor(CONDITION, "If", NodeKind.ACTION, List.of("in"), Set.of("condition"), Set.of("condition"),
        Set.of(), false), config -> ports("true", "false"));
    add(descriptor(SWITCH, "Switch", NodeKind.ACTION, List.of("in"), Set.of(), Set.of("cases[].when"), Set.of(),
        false), TestCatalog::switchPorts);
    add(descriptor(LOOP, "Loop over items", NodeKind.LOOP, List.of("in", "next"), Set.of("items"), Set.of("items"),
        Set.of(), false), config -> ports("item", "done"));
    add(descriptor(MERGE, "Merge", NodeKind.MERGE, List.of("in"), Set.of(), Set.of(), Set.of(), false),
        config -> ports("out"));
    add(descriptor(SEND_SMS, "Send SMS", NodeKind.ACTION, List.of("in"), Set.of("to", "body"), Set.of(),
        Set.of("body"), false), config -> ports("out"));
    add(descriptor(OLD_SEND_SMS, "Send SMS", NodeKind.ACTION, List.of("in"), Set.of("to"), Set.of(), Set.of(), true),
        config -> ports("out"));
  }

  /** Always fine: for tests where expressions do not matter. */
  static Optional<String> anyText(String text) {
    return Optional.empty();
  }

  /** Refuses an expression whose brackets do not pair up. */
  static Optional<String> balancedBrackets(String text) {
    int depth = 0;
    for (char c : text.toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth < 0) {
        return Optional.of("a \")\" has no \"(\" before it.");
      }
    }
    return depth == 0 ? Optional.empty() : Optional.of("a \"(\" is never closed.");
  }

  /** Refuses a template whose {{ placeholders }} are not closed. */
  static Optional<String> closedPlaceholders(String text) {
    int open = text.split("\\{\\{", -1).length - 1;
    int close = text.split("}}", -1).length - 1;
    return open == close ? Optional.empty() : Optional.of("a {{ placeholder is not closed with }}.");
  }

  private static List<PortSpec> switchPorts(JsonNode config) {
    List<PortSpec> ports = new ArrayList<>();
    for (JsonNode c : config.path("cases").values()) {
      ports.add(PortSpec.of(c.path("port").asString("")));
    }
    ports.add(PortSpec.of("default"));
    return ports;
  }

  private static List<PortSpec> ports(String... names) {
    return List.of(names).stream().map(PortSpec::of).toList();
  }

  private static NodeDescriptor descriptor(String key, String name, NodeKind kind, List<String> inputs,
                                           Set<String> required, Set<String> expressions, Set<String> templates,
                                           boolean deprecated) {
    return new NodeDescriptor(key, name, "Test", name + " for tests.", kind, inputs, required, expressions, templates,
        deprecated);
  }

  private void add(NodeDescriptor descriptor, Function<JsonNode, List<PortSpec>> ports) {
    types.put(descriptor.key(), new FakeType(descriptor, ports));
  }

  @Override
  public Optional<NodeType<?>> find(String key) {
    return Optional.ofNullable(types.get(key));
  }

  @Override
  public Collection<NodeType<?>> all() {
    return types.values();
  }

  @Override
  public List<PortSpec> outputPorts(String key, JsonNode config) {
    FakeType type = (FakeType) types.get(key);
    return type.ports().apply(config);
  }

  record NoConfig() {
  }

  private record FakeType(NodeDescriptor descriptor, Function<JsonNode, List<PortSpec>> ports)
      implements NodeType<NoConfig> {

    @Override
    public String key() {
      return descriptor.key();
    }

    @Override
    public Class<NoConfig> configType() {
      return NoConfig.class;
    }

    @Override
    public List<PortSpec> outputPorts(NoConfig config) {
      return ports.apply(JsonNodeFactory.instance.objectNode());
    }

    @Override
    public NodeResult execute(NoConfig config, NodeContext context) {
      throw new UnsupportedOperationException("graph tests do not run nodes");
    }
  }
}
