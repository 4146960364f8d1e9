package io.switchboard.nodes.trigger;

import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;

import java.util.List;
import java.util.Set;

/**
 * A trigger whose step hands the payload it started with straight on: the work of receiving
 * (webhook, schedule, manual run) happens before the execution exists.
 */
public abstract class PassThroughTrigger<C extends Record> extends BasicNodeType<C> {

  protected PassThroughTrigger(Class<C> configType, String key, String displayName, String description, Set<String> required) {
    super(configType, describe(key, displayName, "Triggers", description, NodeKind.TRIGGER, required, Set.of(), Set.of()),
        List.of(PortSpec.of("out")));
  }

  @Override
  public final boolean hasSideEffects() {
    return false;
  }

  @Override
  public final NodeResult execute(C config, NodeContext context) {
    return NodeResult.emit("out", context.input());
  }
}
