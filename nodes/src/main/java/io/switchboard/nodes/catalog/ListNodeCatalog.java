package io.switchboard.nodes.catalog;

import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.PortSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog over a fixed list of node types, keyed by their versioned keys. */
public final class ListNodeCatalog implements NodeCatalog {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, NodeType<?>> types = new LinkedHashMap<>();

  public ListNodeCatalog(Collection<? extends NodeType<?>> nodeTypes) {
    for (NodeType<?> t : nodeTypes) {
      if (types.putIfAbsent(t.key(), t) != null) {
        throw new IllegalArgumentException("two node types share the key " + t.key());
      }
    }
  }

  @Override
  public Optional<NodeType<?>> find(String key) {
    return Optional.ofNullable(types.get(key));
  }

  @Override
  public Collection<NodeType<?>> all() {
    return List.copyOf(types.values());
  }

  @Override
  public List<PortSpec> outputPorts(String key, JsonNode config) {
    NodeType<?> type = types.get(key);
    return type == null ? List.of() : portsOf(type, config);
  }

  private static <C extends Record> List<PortSpec> portsOf(NodeType<C> type, JsonNode config) {
    for (JsonNode candidate : List.of(config == null ? JsonNodeFactory.instance.objectNode() : config,
        JsonNodeFactory.instance.objectNode())) {
      try {
        return type.outputPorts(JSON.treeToValue(candidate, type.configType()));
      } catch (RuntimeException notBindable) {
        // an unfinished config: fall back to the type's ports for an empty one
      }
    }
    return List.of(PortSpec.of("out"));
  }
}
