package io.switchboard.nodes.ai;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

import java.time.Duration;

/**
 * Builds the LangChain4j chat model for one call. LangChain4j's own retries are off: a retryable
 * failure goes back to the engine, whose retry policy waits without holding a thread.
 */
public final class ChatModels {

  /** What one call asks of the model. */
  public record Request(String model, Double temperature, Integer maxOutputTokens, Duration timeout) {}

  public ChatModel build(LlmSettings settings, Request request) {
    String base = settings.effectiveBaseUrl();
    return switch (settings.provider()) {
      case OPENAI, OPENROUTER -> OpenAiChatModel.builder().baseUrl(base).apiKey(settings.apiKey()).modelName(request.model())
          .temperature(request.temperature()).maxTokens(request.maxOutputTokens()).timeout(request.timeout())
          .maxRetries(0).build();
      case ANTHROPIC -> AnthropicChatModel.builder().baseUrl(base.endsWith("/") ? base : base + "/").apiKey(settings.apiKey())
          .modelName(request.model()).temperature(request.temperature())
          .maxTokens(request.maxOutputTokens() == null ? 1024 : request.maxOutputTokens()).timeout(request.timeout())
          .maxRetries(0).build();
      case GEMINI -> GoogleAiGeminiChatModel.builder().baseUrl(base).apiKey(settings.apiKey()).modelName(request.model())
          .temperature(request.temperature()).maxOutputTokens(request.maxOutputTokens()).timeout(request.timeout())
          .maxRetries(0).build();
      case OLLAMA -> OllamaChatModel.builder().baseUrl(base).modelName(request.model()).temperature(request.temperature())
          .numPredict(request.maxOutputTokens()).timeout(request.timeout()).maxRetries(0).build();
      case SANDBOX -> new SandboxChatModel();
    };
  }
}
