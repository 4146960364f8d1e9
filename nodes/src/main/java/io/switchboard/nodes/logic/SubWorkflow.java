package io.switchboard.nodes.logic;

import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.engine.spi.Resumption;
import io.switchboard.engine.spi.WaitSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.catalog.Durations;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs another (active) workflow of the same workspace as a child execution, waits for it without
 * holding a thread, and continues with its result.
 */
public final class SubWorkflow extends BasicNodeType<SubWorkflow.Config> {

  public static final String KEY = "logic.subworkflow@1";

  /** @param input what the child's trigger receives (default: this step's input) */
  public record Config(
      @FieldInfo(title = "Workflow", kind = FieldKind.WORKFLOW, required = true) UUID workflowId,
      @FieldInfo(title = "Data to send", help = "Empty: this step's input.", kind = FieldKind.JSON) JsonNode input,
      @FieldInfo(title = "Wait at most", kind = FieldKind.DURATION) String timeout) {
    public Config {
      timeout = timeout == null || timeout.isBlank() ? "1h" : timeout;
    }
  }

  public SubWorkflow() {
    super(Config.class, describe(KEY, "Run workflow", "Logic",
        "Runs another of your workflows and continues with its result.",
        NodeKind.ACTION, Set.of("workflowId"), Set.of(), Set.of("input")), List.of(PortSpec.of("out")));
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    Optional<Resumption> resumed = context.resumption();
    if (resumed.isPresent()) {
      if (resumed.get() instanceof Resumption.EventArrived arrived) {
        JsonNode result = arrived.payload();
        if ("succeeded".equals(result.path("status").asString(""))) {
          return NodeResult.emit("out", result.path("output"));
        }
        return NodeResult.fail("child_failed", "The workflow run by \"" + context.nodeName() + "\" ended "
            + result.path("status").asString("badly") + ": " + result.path("error").path("message").asString("no reason given"), false);
      }
      return NodeResult.fail("child_timeout", "The workflow run by \"" + context.nodeName() + "\" did not finish in "
          + config.timeout() + ".", false);
    }
    try {
      JsonNode input = config.input() == null || config.input().isNull() ? context.input() : config.input();
      UUID child = context.startChildExecution(config.workflowId(), input);
      ObjectNode memo = JsonNodeFactory.instance.objectNode().put("childExecutionId", child.toString());
      return new NodeResult.Wait(new WaitSpec.ForEvent(ExecutionRunner.childEventKey(child),
          Optional.of(context.clock().instant().plus(Durations.parse(config.timeout())))), memo);
    } catch (IllegalArgumentException | IllegalStateException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
  }
}
