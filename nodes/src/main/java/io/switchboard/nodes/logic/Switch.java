package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeDescriptor;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.NodeType;
import io.switchboard.engine.spi.PortSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Sends the data down the first case whose condition holds, or "Otherwise". One port per case. */
public final class Switch implements NodeType<Switch.Config> {

  public static final String KEY = "logic.switch@1";
  public static final String OTHERWISE = "otherwise";

  /** @param port the case's port key, used by edges; @param label what the canvas shows */
  public record Case(
      @FieldInfo(title = "Key", help = "A short name for this path, used by connections.", required = true) String port,
      @FieldInfo(title = "Label", help = "What the canvas shows on this path.") String label,
      @FieldInfo(title = "When", kind = FieldKind.EXPRESSION, required = true) String condition) {}

  public record Config(
      @FieldInfo(title = "Cases", help = "Checked in order; the first that holds wins.", kind = FieldKind.LIST,
          required = true) List<Case> cases) {
    public Config {
      cases = cases == null ? List.of() : List.copyOf(cases);
    }
  }

  private static final NodeDescriptor DESCRIPTOR = new NodeDescriptor(KEY, "Switch", "Logic",
      "Checks conditions in order and continues on the first that holds, or on Otherwise.",
      NodeKind.ACTION, List.of("in"), Set.of("cases", "cases[].port", "cases[].condition"), Set.of("cases[].condition"),
      Set.of(), false);

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Class<Config> configType() {
    return Config.class;
  }

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public List<PortSpec> outputPorts(Config config) {
    List<PortSpec> ports = new ArrayList<>();
    for (Case c : config.cases()) {
      ports.add(new PortSpec(c.port(), c.label() == null || c.label().isBlank() ? c.port() : c.label()));
    }
    ports.add(new PortSpec(OTHERWISE, "Otherwise"));
    return ports;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws NodeContext.EvaluationFailed {
    for (Case c : config.cases()) {
      if (context.test(c.condition())) {
        return NodeResult.emit(c.port(), context.input());
      }
    }
    return NodeResult.emit(OTHERWISE, context.input());
  }
}
