package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.NodeType;

import java.util.List;

/** The AI node types and what they reach the outside world through. */
public final class AiNodes {

  private AiNodes() {}

  /** Provided by the application: the platform's default model and the usage meter. */
  public record Ports(PlatformModels platform, UsageMeter usage) {}

  public static List<NodeType<?>> all(Ports ports) {
    LlmClient client = new LlmClient(new ChatModels(), ports.usage());
    return List.of(new LlmNode(client, ports.platform()));
  }
}
