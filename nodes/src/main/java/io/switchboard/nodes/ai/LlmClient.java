package io.switchboard.nodes.ai;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeFailure;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One model call as AI steps make it: the prompt is measured against the model's context window
 * before anything is sent, the provider's failures become plain {@link NodeFailure}s, refusals and
 * replies cut off by the token limit are recognised, and the call's usage goes to the meter.
 */
public final class LlmClient {

  private final ChatModels models;
  private final UsageMeter meter;

  public LlmClient(ChatModels models, UsageMeter meter) {
    this.models = models;
    this.meter = meter;
  }

  // A workspace's credential must name a web address. Whether that address may be reached from our
  // servers (not cloud metadata, the database, internal services) is checked when the model's
  // connection is made (ChatModels with an SSRF guard), so a name that changes address is refused too.
  private static void checkAddress(NodeContext context, LlmSettings settings) throws NodeFailure {
    if (!settings.fromWorkspaceCredential() || settings.sandboxed()) {
      return;
    }
    Optional<String> host;
    try {
      host = io.switchboard.nodes.http.SsrfGuard.webHost(java.net.URI.create(settings.effectiveBaseUrl()));
    } catch (IllegalArgumentException e) {
      host = Optional.empty();
    }
    if (host.isEmpty()) {
      throw new NodeFailure("credential_invalid", "\"" + context.nodeName() + "\": the AI model credential's address is "
          + "not a web address (https://…).", false);
    }
  }

  /** The settings and request of a step's calls, and the platform's preamble its system prompt begins with. */
  public record Target(LlmSettings settings, ChatModels.Request request, Optional<PlatformPrompts.Preamble> preamble) {

    /** The step's instructions with the platform's preamble before them; empty when there is neither. */
    public String systemPrompt(String stepInstructions) {
      return PlatformPrompts.systemPrompt(preamble, stepInstructions);
    }

    public String model() {
      return request.model();
    }

    public String provider() {
      return settings.provider().code();
    }
  }

  /** What one call came to, for the step output and the inspector. */
  public record Exchange(AiMessage reply, int inputTokens, int outputTokens, boolean tokensEstimated,
                         Optional<Double> estimatedCostUsd, long latencyMs, String finishReason, String modelName) {

    public String text() {
      return reply.text() == null ? "" : reply.text();
    }
  }

  /**
   * Chooses the model: the node's credential, else the platform default, else the sandbox. Each
   * step names the provider, model and where it came from in its output.
   */
  public static LlmSettings settings(NodeContext context, String credentialId, PlatformModels platform) throws NodeFailure {
    if (credentialId != null && !credentialId.isBlank()) {
      java.util.UUID id;
      try {
        id = java.util.UUID.fromString(credentialId.strip());
      } catch (IllegalArgumentException e) {
        throw new NodeFailure("invalid_config", "\"" + context.nodeName() + "\": '" + credentialId + "' is not a credential id.", false);
      }
      return LlmSettings.fromCredential(context.credential(id).orElseThrow(() -> new NodeFailure("credential_missing",
          "\"" + context.nodeName() + "\" uses an AI model credential that no longer exists; choose another one.", false)));
    }
    return platform.defaultFor(context.tenant()).orElse(LlmSettings.sandbox());
  }

  public Exchange chat(NodeContext context, Target target, List<ChatMessage> messages, List<ToolSpecification> tools)
      throws NodeFailure {
    ModelProfiles.Profile profile = ModelProfiles.of(target.settings().provider(), target.model());
    int promptTokens = TokenEstimate.of(messages) + TokenEstimate.of(String.valueOf(tools));
    int reserved = target.request().maxOutputTokens() == null ? 0 : target.request().maxOutputTokens();
    if (promptTokens + reserved > profile.contextTokens()) {
      throw new NodeFailure("llm_prompt_too_large", "\"" + context.nodeName() + "\": the prompt is about " + promptTokens
          + " tokens" + (reserved > 0 ? " plus " + reserved + " for the reply" : "") + ", more than the " + profile.contextTokens()
          + " the model '" + target.model() + "' can take. Shorten the prompt or choose a model with a larger context.", false);
    }
    checkAddress(context, target.settings());
    meter.admit(context.tenant(), target.settings().sandboxed());
    ChatModel model = models.build(target.settings(), target.request());
    ChatRequest.Builder request = ChatRequest.builder().messages(messages);
    if (!tools.isEmpty()) {
      request.toolSpecifications(tools);
    }
    long started = System.nanoTime();
    ChatResponse response;
    try {
      response = model.chat(request.build());
    } catch (RuntimeException e) {
      throw LlmFailures.translate(e, target.provider(), target.model());
    }
    long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
    if (response == null || response.aiMessage() == null) {
      throw new NodeFailure("llm_malformed_reply", LlmFailures.providerName(target.provider()) + " sent an empty reply; will try again.", true);
    }
    AiMessage reply = response.aiMessage();
    TokenUsage usage = response.tokenUsage();
    boolean estimated = usage == null || usage.inputTokenCount() == null || usage.outputTokenCount() == null;
    int in = estimated ? promptTokens : usage.inputTokenCount();
    int out = estimated ? TokenEstimate.of(reply.text()) : usage.outputTokenCount();
    Optional<Double> cost = profile.estimateCost(in, out);
    String modelName = response.modelName() == null ? target.model() : response.modelName();
    meter.record(context.tenant(), new UsageMeter.Usage(context.workflowId(), context.executionId(), context.nodeId(),
        target.provider(), modelName, in, out, cost, estimated, target.settings().sandboxed()));

    FinishReason finish = response.finishReason();
    String who = LlmFailures.providerName(target.provider());
    if (finish == FinishReason.CONTENT_FILTER) {
      throw new NodeFailure("llm_refused", who + " refused to answer (content filter)"
          + (reply.text() == null || reply.text().isBlank() ? "" : ": " + shorten(reply.text())) + ".", false);
    }
    if (finish == FinishReason.LENGTH) {
      throw new NodeFailure("llm_truncated", who + "'s reply was cut off at the limit of " + reserved
          + " tokens before it was complete; raise \"Max tokens\". Partial reply: " + shorten(reply.text()), false);
    }
    if (!reply.hasToolExecutionRequests() && (reply.text() == null || reply.text().isBlank())) {
      throw new NodeFailure("llm_empty_reply", who + " answered with no text" + (finish == null ? "" : " (" + finish + ")")
          + "; will try again.", true);
    }
    return new Exchange(reply, in, out, estimated, cost, latency, finish == null ? "unknown" : finish.name().toLowerCase(),
        modelName);
  }

  /**
   * The call as the step output records it for the inspector. The platform's preamble, the same in
   * every call, is recorded by its version ({@code platformPreambleVersion} of the step), not copied
   * into every call of every run.
   */
  public static ObjectNode record(Target target, List<ChatMessage> prompt, Exchange exchange) {
    ObjectNode call = JsonNodeFactory.instance.objectNode();
    call.put("type", "model");
    ArrayNode messages = call.putArray("prompt");
    for (ChatMessage m : prompt) {
      String text = TokenEstimate.text(m);
      if (m instanceof dev.langchain4j.data.message.SystemMessage) {
        text = PlatformPrompts.withoutPreamble(target.preamble(), text);
      }
      messages.addObject().put("role", m.type().name().toLowerCase()).put("text", text);
    }
    call.put("response", exchange.text());
    ArrayNode toolCalls = call.putArray("toolCalls");
    if (exchange.reply().hasToolExecutionRequests()) {
      for (ToolExecutionRequest r : exchange.reply().toolExecutionRequests()) {
        toolCalls.addObject().put("id", r.id()).put("name", r.name()).put("arguments", r.arguments());
      }
    }
    call.put("inputTokens", exchange.inputTokens());
    call.put("outputTokens", exchange.outputTokens());
    call.put("latencyMs", exchange.latencyMs());
    call.put("finishReason", exchange.finishReason());
    return call;
  }

  static String shorten(String s) {
    if (s == null) {
      return "";
    }
    return s.length() > 500 ? s.substring(0, 500) + "…" : s;
  }
}
