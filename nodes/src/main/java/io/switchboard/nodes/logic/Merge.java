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

/**
 * Joins parallel branches. {@code all}: waits until every incoming branch arrived (or can no
 * longer arrive) and continues once, with each branch's data under the name of the step it came
 * from. {@code first}: continues with the first branch to arrive and ignores the rest.
 */
public final class Merge extends BasicNodeType<Merge.Config> {

  public static final String KEY = "logic.merge@1";

  public record Config(
      @FieldInfo(title = "Wait for", help = "All branches, or only the first to arrive.", kind = FieldKind.SELECT,
          options = {"all", "first"}) String mode) {
    public Config {
      mode = mode == null || mode.isBlank() ? "all" : mode;
    }
  }

  public Merge() {
    super(Config.class, describe(KEY, "Merge", "Logic",
        "Joins branches: waits for all of them, or continues with the first to arrive.",
        NodeKind.MERGE, Set.of(), Set.of(), Set.of()), List.of(PortSpec.of("out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    if (!config.mode().equals("all") && !config.mode().equals("first")) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" merges in mode 'all' or 'first', not '"
          + config.mode() + "'.", false);
    }
    return NodeResult.emit("out", context.input());
  }
}
