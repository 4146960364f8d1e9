package io.switchboard.nodes.catalog;

import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.PortSpec;

import java.util.List;
import java.util.Set;

/**
 * Common ground of node types whose ports do not depend on their config: the descriptor and the
 * ports are fixed at construction.
 */
public abstract class BasicNodeType<C extends Record> implements NodeType<C> {

  private final Class<C> configType;
  private final NodeDescriptor descriptor;
  private final List<PortSpec> ports;

  protected BasicNodeType(Class<C> configType, NodeDescriptor descriptor, List<PortSpec> ports) {
    this.configType = configType;
    this.descriptor = descriptor;
    this.ports = List.copyOf(ports);
  }

  /** A descriptor with the usual single input {@code in}. */
  protected static NodeDescriptor describe(String key, String displayName, String category, String description,
                                           NodeKind kind, Set<String> required, Set<String> expressions,
                                           Set<String> templates) {
    List<String> inputs = kind == NodeKind.TRIGGER ? List.of() : kind == NodeKind.LOOP ? List.of("in", "next") : List.of("in");
    return new NodeDescriptor(key, displayName, category, description, kind, inputs, required, expressions, templates,
        false);
  }

  @Override
  public String key() {
    return descriptor.key();
  }

  @Override
  public Class<C> configType() {
    return configType;
  }

  @Override
  public NodeDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public List<PortSpec> outputPorts(C config) {
    return ports;
  }
}
