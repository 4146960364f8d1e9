package io.switchboard.engine.spi;

import tools.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The node types a running Switchboard knows. */
public interface NodeCatalog {

  Optional<NodeType<?>> find(String key);

  Collection<NodeType<?>> all();

  default Optional<NodeDescriptor> descriptor(String key) {
    return find(key).map(NodeType::descriptor);
  }

  /**
   * The output ports of a node of type {@code key} with this raw config. Ports that depend on
   * config (a switch's cases) are computed from it; a config that does not bind yet gives the
   * type's ports for an empty config.
   */
  List<PortSpec> outputPorts(String key, JsonNode config);
}
