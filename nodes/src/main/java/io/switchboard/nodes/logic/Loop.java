package io.switchboard.nodes.logic;

import io.switchboard.engine.execution.Interpreter;
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

/**
 * Goes through a list one item at a time: leaves by "Each item" with {@code {item, index, total}};
 * the last step of the body connects back to the loop's "next" input; after the last item the loop
 * leaves by "Done" with every pass's result.
 */
public final class Loop extends BasicNodeType<Loop.Config> {

  public static final String KEY = "logic.loop@1";

  /** @param items an expression giving the list; @param maxItems refuse longer lists (at most 10,000) */
  public record Config(
      @FieldInfo(title = "List", help = "An expression giving the list, such as trigger.body.leads",
          kind = FieldKind.EXPRESSION, required = true) String items,
      @FieldInfo(title = "At most", help = "Refuse lists longer than this (up to 10,000).", kind = FieldKind.NUMBER)
      Integer maxItems) {
    public Config {
      maxItems = maxItems == null ? 1_000 : Math.max(1, Math.min(maxItems, Interpreter.MAX_LOOP_ITEMS));
    }
  }

  public Loop() {
    super(Config.class, describe(KEY, "Loop over items", "Logic",
        "Runs the steps after it once for each item of a list, then continues with all the results.",
        NodeKind.LOOP, Set.of("items"), Set.of("items"), Set.of()),
        List.of(new PortSpec(Interpreter.LOOP_ITEM_PORT, "Each item"), new PortSpec(Interpreter.LOOP_DONE_PORT, "Done")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws NodeContext.EvaluationFailed {
    JsonNode items = context.evaluate(config.items());
    if (items.isArray() && items.size() > config.maxItems()) {
      return NodeResult.fail("loop_too_many_items", "\"" + context.nodeName() + "\" got " + items.size()
          + " items, more than its limit of " + config.maxItems() + ".", false);
    }
    return NodeResult.emit("items", items);
  }
}
