package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.NodeType;

import java.util.List;

/** The AI node types and what they reach the outside world through. */
public final class AiNodes {

  private AiNodes() {}

  /**
   * Provided by the application: the platform's default model and global prompt, the usage meter, and what the
   * agent's tools reach (contacts, knowledge bases, text messages), and the contacts' memory.
   */
  public record Ports(PlatformModels platform, UsageMeter usage, AgentTools.Ports tools, ContactMemory memory,
                      PlatformPrompts prompts) {

    /** Without a platform preamble. */
    public Ports(PlatformModels platform, UsageMeter usage, AgentTools.Ports tools, ContactMemory memory) {
      this(platform, usage, tools, memory, PlatformPrompts.NONE);
    }
  }

  /** Without a check of the addresses workspaces' own model credentials point at (tests with local fakes). */
  public static List<NodeType<?>> all(Ports ports) {
    return all(ports, null);
  }

  /**
   * The AI node types; a workspace's own model credential may not point inside our network unless
   * {@code guard} allows the host (the platform's models, set by the superadmin, are not checked).
   */
  public static List<NodeType<?>> all(Ports ports, io.switchboard.nodes.http.SsrfGuard guard) {
    LlmClient client = new LlmClient(new ChatModels(guard), ports.usage());
    return List.of(new LlmNode(client, ports.platform(), ports.prompts()),
        new AgentNode(client, ports.platform(), ports.tools(), ports.prompts()),
        new KbSearchNode(ports.tools().knowledge()),
        new KbAnswerNode(ports.tools().knowledge(), client, ports.platform(), ports.prompts()),
        new RememberNode(ports.memory(), client, ports.platform()), new RecallNode(ports.memory()));
  }
}
