package io.switchboard.nodes;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node type's versions live side by side: a workflow saved with {@code greet@1} keeps running
 * version 1 (and its config) after {@code greet@2} with another config is added.
 */
class NodeVersionsTest {

  /** Version 1: one field, a name. */
  static final class GreetV1 extends BasicNodeType<GreetV1.Config> {
    record Config(@FieldInfo(title = "Name") String name) {}

    GreetV1() {
      super(Config.class, describe("test.greet@1", "Greet", "Test", "Says hello.", NodeKind.ACTION, Set.of(), Set.of(),
          Set.of("name")), List.of(PortSpec.of("out")));
    }

    @Override
    public boolean hasSideEffects() {
      return false;
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) {
      return NodeResult.emit("out", JsonNodeFactory.instance.objectNode().put("text", "Hello " + config.name()));
    }
  }

  /** Version 2: a greeting and a name, and two ports. */
  static final class GreetV2 extends BasicNodeType<GreetV2.Config> {
    record Config(@FieldInfo(title = "Greeting") String greeting, @FieldInfo(title = "Name") String name) {}

    GreetV2() {
      super(Config.class, describe("test.greet@2", "Greet", "Test", "Says a greeting.", NodeKind.ACTION, Set.of(), Set.of(),
          Set.of("greeting", "name")), List.of(PortSpec.of("out"), PortSpec.of("formal")));
    }

    @Override
    public boolean hasSideEffects() {
      return false;
    }

    @Override
    public NodeResult execute(Config config, NodeContext context) {
      return NodeResult.emit("formal", JsonNodeFactory.instance.objectNode().put("text", config.greeting() + " " + config.name()));
    }
  }

  @Test
  void shouldKeepRunningOldVersionsAfterANewOneIsAdded() {
    try (var h = EngineHarnessAccess.with(io.switchboard.engine.spi.CredentialResolver.NONE, new GreetV1(), new GreetV2())) {
      ExecutionRecord old = h.run("{'id': 'call', 'type': 'test.greet@1', 'name': 'Greet', 'config': {'name': 'Ada'}}", "{}");
      assertThat(old.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(old.output().orElseThrow().path("text").asString()).isEqualTo("Hello Ada");
      ExecutionRecord next = h.run("{'id': 'call', 'type': 'test.greet@2', 'name': 'Greet', 'config': {'greeting': 'Good day', 'name': 'Ada'}}", "{}");
      assertThat(next.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(next.output().orElseThrow().path("text").asString()).isEqualTo("Good day Ada");
    }
  }
}
