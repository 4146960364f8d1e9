package io.switchboard.nodes.ai;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The chat-model providers an {@code llm} credential can name, with where each is reached by default. */
public enum LlmProvider {
  OPENAI("openai", "OpenAI", "https://api.openai.com/v1", "gpt-4o-mini"),
  /** OpenAI's wire format at OpenRouter: Gemini, Qwen, Claude, Llama … by model name. */
  OPENROUTER("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "openai/gpt-4o-mini"),
  ANTHROPIC("anthropic", "Anthropic", "https://api.anthropic.com/v1/", "claude-3-5-haiku-latest"),
  GEMINI("gemini", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta", "gemini-2.0-flash"),
  OLLAMA("ollama", "Ollama", "http://localhost:11434", "llama3.1"),
  /** Built in: replies marked as sandbox output, for workspaces with no model configured. */
  SANDBOX("sandbox", "The sandbox model", "", "sandbox");

  private final String code;
  private final String displayName;
  private final String defaultBaseUrl;
  private final String defaultModel;

  LlmProvider(String code, String displayName, String defaultBaseUrl, String defaultModel) {
    this.code = code;
    this.displayName = displayName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.defaultModel = defaultModel;
  }

  public String code() {
    return code;
  }

  /** The provider's name as people know it: "Google Gemini". */
  public String displayName() {
    return displayName;
  }

  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public String defaultModel() {
    return defaultModel;
  }

  /** Also accepts "openai-compatible" for any server speaking OpenAI's format, and "google" for Gemini. */
  public static Optional<LlmProvider> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    if (v.equals("openai-compatible") || v.equals("openai_compatible")) {
      return Optional.of(OPENAI);
    }
    if (v.equals("google") || v.equals("google-ai-gemini")) {
      return Optional.of(GEMINI);
    }
    return Arrays.stream(values()).filter(p -> p.code.equals(v)).findFirst();
  }
}
