package io.switchboard.nodes.ai;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Switchboard knows of a model before calling it: its context window (to refuse prompts that
 * cannot fit) and its list prices (to estimate cost). Matched by the longest known prefix of the
 * model name, ignoring an OpenRouter vendor prefix; unknown models get a conservative window and no price.
 */
public final class ModelProfiles {

  /** @param inputUsdPerMillion price of a million prompt tokens; empty when unknown */
  public record Profile(int contextTokens, Optional<Double> inputUsdPerMillion, Optional<Double> outputUsdPerMillion) {

    public Optional<Double> estimateCost(int inputTokens, int outputTokens) {
      if (inputUsdPerMillion.isEmpty() || outputUsdPerMillion.isEmpty()) {
        return Optional.empty();
      }
      double usd = inputTokens * inputUsdPerMillion.get() / 1_000_000d + outputTokens * outputUsdPerMillion.get() / 1_000_000d;
      return Optional.of(Math.round(usd * 1_000_000d) / 1_000_000d);
    }
  }

  private static final Map<String, Profile> KNOWN = new LinkedHashMap<>();

  static {
    known("gpt-4o-mini", 128_000, 0.15, 0.60);
    known("gpt-4o", 128_000, 2.50, 10.00);
    known("gpt-4.1-nano", 1_047_576, 0.10, 0.40);
    known("gpt-4.1-mini", 1_047_576, 0.40, 1.60);
    known("gpt-4.1", 1_047_576, 2.00, 8.00);
    known("gpt-3.5-turbo", 16_385, 0.50, 1.50);
    known("o3-mini", 200_000, 1.10, 4.40);
    known("o4-mini", 200_000, 1.10, 4.40);
    known("claude-3-5-haiku", 200_000, 0.80, 4.00);
    known("claude-3-haiku", 200_000, 0.25, 1.25);
    known("claude-3-5-sonnet", 200_000, 3.00, 15.00);
    known("claude-3-7-sonnet", 200_000, 3.00, 15.00);
    known("claude-sonnet-4", 200_000, 3.00, 15.00);
    known("claude-opus-4", 200_000, 15.00, 75.00);
    known("claude-haiku-4", 200_000, 1.00, 5.00);
    known("gemini-2.0-flash", 1_048_576, 0.10, 0.40);
    known("gemini-2.5-flash", 1_048_576, 0.30, 2.50);
    known("gemini-2.5-pro", 1_048_576, 1.25, 10.00);
    known("gemini-1.5-flash", 1_048_576, 0.075, 0.30);
    known("qwen", 32_768, 0.20, 0.60);
    known("llama3", 8_192, 0.0, 0.0);
    known("llama3.1", 128_000, 0.0, 0.0);
    known("llama3.2", 128_000, 0.0, 0.0);
    known("mistral", 32_768, 0.0, 0.0);
    known("sandbox", 32_000, 0.0, 0.0);
  }

  private static void known(String prefix, int context, double in, double out) {
    KNOWN.put(prefix, new Profile(context, Optional.of(in), Optional.of(out)));
  }

  private ModelProfiles() {}

  public static Profile of(LlmProvider provider, String model) {
    String name = model.toLowerCase(Locale.ROOT);
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    String best = null;
    for (String prefix : KNOWN.keySet()) {
      if (name.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    if (best != null) {
      Profile p = KNOWN.get(best);
      // Local models cost nothing per token; the same names elsewhere have unknown prices.
      if (p.inputUsdPerMillion().orElse(-1d) == 0d && provider != LlmProvider.OLLAMA && provider != LlmProvider.SANDBOX) {
        return new Profile(p.contextTokens(), Optional.empty(), Optional.empty());
      }
      return p;
    }
    return new Profile(provider == LlmProvider.OLLAMA ? 8_192 : 32_000, Optional.empty(), Optional.empty());
  }
}
