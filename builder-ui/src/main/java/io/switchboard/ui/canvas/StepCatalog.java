package io.switchboard.ui.canvas;

import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.catalog.ConfigSchemas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The node catalog as the editor needs it: palette entries grouped by category, each node's
 * output ports (which may depend on its settings), and the settings schema the property form is
 * generated from (the same generated schema the REST API serves).
 */
public final class StepCatalog {

  private static final List<String> CATEGORY_ORDER = List.of("Triggers", "Logic", "AI", "Messaging", "CRM", "Data");

  private final NodeCatalog catalog;

  public StepCatalog(NodeCatalog catalog) {
    this.catalog = catalog;
  }

  public List<FlowCanvas.PaletteEntry> palette() {
    return catalog.all().stream()
        .map(NodeType::descriptor)
        .filter(d -> !d.deprecated())
        .sorted(Comparator.comparingInt((NodeDescriptor d) -> categoryRank(d.category()))
            .thenComparing(NodeDescriptor::category).thenComparing(NodeDescriptor::displayName))
        .map(d -> new FlowCanvas.PaletteEntry(d.key(), d.displayName(), d.category(), d.description(),
            d.kind().name().toLowerCase(), d.inputs(), ports(d.key(), JsonNodeFactory.instance.objectNode(), false)))
        .toList();
  }

  public Optional<NodeDescriptor> descriptor(String key) {
    return catalog.descriptor(key);
  }

  public Optional<JsonNode> schema(String key) {
    return catalog.find(key).map(t -> ConfigSchemas.of(t.configType()));
  }

  /** Output ports for a node of {@code key} with this config; {@code error} too when failures go to the error port. */
  public List<FlowCanvas.Port> ports(String key, JsonNode config, boolean errorPort) {
    List<FlowCanvas.Port> ports = new ArrayList<>();
    if (catalog.find(key).isPresent()) {
      catalog.outputPorts(key, config).forEach(p -> ports.add(new FlowCanvas.Port(p.name(), p.label())));
    }
    if (errorPort) {
      ports.add(new FlowCanvas.Port("error", "Error"));
    }
    return ports;
  }

  private static int categoryRank(String category) {
    int i = CATEGORY_ORDER.indexOf(category);
    return i < 0 ? CATEGORY_ORDER.size() : i;
  }
}
