package io.switchboard.nodes.ai;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import io.switchboard.nodes.http.SsrfGuard;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import java.time.Duration;

/**
 * Builds the LangChain4j chat model for one call. LangChain4j's own retries are off: a retryable
 * failure goes back to the engine, whose retry policy waits without holding a thread.
 */
public final class ChatModels {

  /** What one call asks of the model. */
  public record Request(String model, Double temperature, Integer maxOutputTokens, Duration timeout) {}

  private final CloseableHttpClient guardedPool;

  /** Models connect with LangChain4j's own HTTP client, wherever their address points. */
  public ChatModels() {
    this.guardedPool = null;
  }

  /**
   * A workspace's own model credential connects only to addresses {@code guard} checked when it
   * connects; the platform's models (set by the superadmin) and the sandbox are not checked.
   */
  public ChatModels(SsrfGuard guard) {
    this.guardedPool = guard == null ? null : GuardedModelHttp.pool(guard);
  }

  public ChatModel build(LlmSettings settings, Request request) {
    String base = settings.effectiveBaseUrl();
    // null: the model's default client
    GuardedModelHttp http = guardedPool != null && settings.fromWorkspaceCredential() && !settings.sandboxed()
        ? GuardedModelHttp.over(guardedPool) : null;
    return switch (settings.provider()) {
      case OPENAI, OPENROUTER -> OpenAiChatModel.builder().baseUrl(base).apiKey(settings.apiKey()).modelName(request.model())
          .temperature(request.temperature()).maxTokens(request.maxOutputTokens()).timeout(request.timeout())
          .httpClientBuilder(http).maxRetries(0).build();
      case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(base.endsWith("/") ? base : base + "/").apiKey(settings.apiKey())
          .modelName(request.model()).temperature(request.temperature())
          .maxTokens(request.maxOutputTokens() == null ? 1024 : request.maxOutputTokens()).timeout(request.timeout())
          .httpClientBuilder(http).maxRetries(0).build();
      case GEMINI -> GoogleAiGeminiChatModel.builder().baseUrl(base).apiKey(settings.apiKey()).modelName(request.model())
          .temperature(request.temperature()).maxOutputTokens(request.maxOutputTokens()).timeout(request.timeout())
          .httpClientBuilder(http).maxRetries(0).build();
      case OLLAMA -> OllamaChatModel.builder().baseUrl(base).modelName(request.model()).temperature(request.temperature())
          .numPredict(request.maxOutputTokens()).timeout(request.timeout()).httpClientBuilder(http).maxRetries(0).build();
      case SANDBOX -> new SandboxChatModel();
    };
  }
}
