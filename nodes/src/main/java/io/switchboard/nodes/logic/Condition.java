package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;

import java.util.List;
import java.util.Set;

/** Sends the data one way or the other depending on a condition. */
public final class Condition extends BasicNodeType<Condition.Config> {

  public static final String KEY = "logic.condition@1";

  /** @param condition an expression that is true or false, such as {@code trigger.body.intent == "booking"} */
  public record Config(
      @FieldInfo(title = "Condition", help = "True or false, for example: trigger.body.intent == \"booking\"",
          kind = FieldKind.EXPRESSION, required = true) String condition) {}

  public Condition() {
    super(Config.class, describe(KEY, "If", "Logic",
        "Checks a condition and continues on the Yes or the No path.",
        NodeKind.ACTION, Set.of("condition"), Set.of("condition"), Set.of()),
        List.of(new PortSpec("true", "Yes"), new PortSpec("false", "No")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws NodeContext.EvaluationFailed {
    return NodeResult.emit(context.test(config.condition()) ? "true" : "false", context.input());
  }
}
