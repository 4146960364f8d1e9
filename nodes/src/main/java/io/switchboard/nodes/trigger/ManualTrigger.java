package io.switchboard.nodes.trigger;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import tools.jackson.databind.JsonNode;

import java.util.Set;

/** Starts a workflow by hand from the editor, with a sample payload. */
public final class ManualTrigger extends PassThroughTrigger<ManualTrigger.Config> {

  public static final String KEY = "trigger.manual@1";

  /** @param samplePayload what a test run sends when the person does not type anything else */
  public record Config(
      @FieldInfo(title = "Sample data", help = "What a test run sends when you do not type anything else.",
          kind = FieldKind.JSON) JsonNode samplePayload) {}

  public ManualTrigger() {
    super(Config.class, KEY, "Manual run",
        "Starts the workflow when you press Run in the editor, with the sample data you give it.", Set.of());
  }
}
