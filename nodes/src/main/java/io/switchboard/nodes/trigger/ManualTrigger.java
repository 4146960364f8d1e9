package io.switchboard.nodes.trigger;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/** Starts a workflow by hand from the editor, with a sample payload. */
public final class ManualTrigger extends BasicNodeType<ManualTrigger.Config> {

  public static final String KEY = "trigger.manual@1";

  /** @param samplePayload what a test run sends when the person does not type anything else */
  public record Config(
      @FieldInfo(title = "Sample data", help = "What a test run sends when you do not type anything else.",
          kind = FieldKind.JSON) JsonNode samplePayload) {}

  public ManualTrigger() {
    super(Config.class, describe(KEY, "Manual run", "Triggers",
        "Starts the workflow when you press Run in the editor, with the sample data you give it.",
        NodeKind.TRIGGER, Set.of(), Set.of(), Set.of()), List.of(PortSpec.of("out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    return NodeResult.emit("out", context.input());
  }
}
