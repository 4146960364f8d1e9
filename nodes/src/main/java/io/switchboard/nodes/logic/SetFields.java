package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;

/**
 * Sets fields on the data passing through. Each value is text with {@code {{ }}} placeholders, or
 * exactly {@code {{ expression }}} to keep the value's type (a number, a list). Dotted names
 * ({@code lead.score}) make nested fields.
 */
public final class SetFields extends BasicNodeType<SetFields.Config> {

  public static final String KEY = "logic.set@1";

  public record Field(
      @FieldInfo(title = "Field", help = "Dotted names make nested fields: lead.score", required = true) String name,
      @FieldInfo(title = "Value", help = "Text with {{ }} placeholders, or exactly {{ expression }} to keep its type.",
          kind = FieldKind.TEMPLATE) JsonNode value) {}

  /** @param keepInput start from the incoming data (true) or from an empty object */
  public record Config(
      @FieldInfo(title = "Fields to set", kind = FieldKind.LIST, required = true) List<Field> fields,
      @FieldInfo(title = "Keep the incoming data", help = "Start from the data that came in, or from nothing.",
          kind = FieldKind.BOOLEAN) Boolean keepInput) {
    public Config {
      fields = fields == null ? List.of() : List.copyOf(fields);
      keepInput = keepInput == null || keepInput;
    }
  }

  public SetFields() {
    super(Config.class, describe(KEY, "Set fields", "Logic",
        "Adds or changes fields on the data, with values you type or compute from earlier steps.",
        NodeKind.ACTION, Set.of("fields"), Set.of(), Set.of("fields[].name", "fields[].value")), List.of(PortSpec.of("out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    ObjectNode out = config.keepInput() && context.input().isObject()
        ? ((ObjectNode) context.input()).deepCopy() : JsonNodeFactory.instance.objectNode();
    for (Field f : config.fields()) {
      if (f.name() == null || f.name().isBlank()) {
        return NodeResult.fail("invalid_config", "A field in \"" + context.nodeName() + "\" has no name.", false);
      }
      String[] path = f.name().trim().split("\\.");
      ObjectNode target = out;
      for (int i = 0; i < path.length - 1; i++) {
        JsonNode child = target.get(path[i]);
        target = child instanceof ObjectNode o ? o : target.putObject(path[i]);
      }
      target.set(path[path.length - 1], f.value() == null ? JsonNodeFactory.instance.nullNode() : f.value());
    }
    return NodeResult.emit("out", out);
  }
}
