package io.switchboard.app.nodetypes;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.engine.spi.NodeCatalog;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.ConfigSchemas;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.Comparator;
import java.util.List;

/**
 * Every node type with its category, ports and the JSON schema of its settings: what the canvas
 * palette and the generated property forms are built from; {@code outputSchema} (null when it
 * depends on the data) describes what the step hands on, for template autocomplete.
 */
@RestController
@RequestMapping("/api/v1/node-types")
public class NodeTypeController {

  private final NodeCatalog catalog;

  public NodeTypeController(NodeCatalog catalog) {
    this.catalog = catalog;
  }

  public record NodeTypeView(String key, String displayName, String category, String description, String kind,
                             List<String> inputs, List<PortSpec> ports, boolean deprecated, boolean sideEffects,
                             JsonNode configSchema, JsonNode outputSchema) {}

  @GetMapping
  public List<NodeTypeView> list() {
    CurrentUser.require();
    return catalog.all().stream()
        .sorted(Comparator.comparing((NodeType<?> t) -> t.descriptor().category()).thenComparing(NodeType::key))
        .map(this::view)
        .toList();
  }

  private NodeTypeView view(NodeType<?> type) {
    var d = type.descriptor();
    return new NodeTypeView(d.key(), d.displayName(), d.category(), d.description(), d.kind().name().toLowerCase(),
        d.inputs(), catalog.outputPorts(type.key(), JsonNodeFactory.instance.objectNode()), d.deprecated(),
        type.hasSideEffects(), ConfigSchemas.of(type.configType()), type.outputSchema().orElse(null));
  }
}
