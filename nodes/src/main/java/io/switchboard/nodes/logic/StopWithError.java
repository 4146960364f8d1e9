package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.nodes.catalog.BasicNodeType;

import java.util.List;
import java.util.Set;

/** Ends the execution as failed, with a message the person reading it understands. */
public final class StopWithError extends BasicNodeType<StopWithError.Config> {

  public static final String KEY = "logic.stop@1";

  public record Config(
      @FieldInfo(title = "Message", help = "What the person reading the run sees.", kind = FieldKind.TEMPLATE,
          required = true) String message,
      @FieldInfo(title = "Code", help = "A short code for programs, such as no_phone.") String code) {
    public Config {
      code = code == null || code.isBlank() ? "stopped" : code;
    }
  }

  public StopWithError() {
    super(Config.class, describe(KEY, "Stop with error", "Logic",
        "Stops the workflow and marks the run as failed, with your message.",
        NodeKind.ACTION, Set.of("message"), Set.of(), Set.of("message")), List.of());
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    return NodeResult.fail(config.code(), config.message() == null ? "Stopped." : config.message(), false);
  }
}
