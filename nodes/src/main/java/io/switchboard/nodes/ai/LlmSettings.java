package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.NodeFailure;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a workspace's model calls go: a provider, its API key and optionally another base URL and a
 * default model. {@code source} says where it came from ("credential 'Main'", "platform default",
 * "sandbox") for the step output, {@code origin} whose settings they are; the key never appears in an
 * output or a log.
 */
public record LlmSettings(LlmProvider provider, String apiKey, Optional<String> baseUrl, Optional<String> defaultModel,
                          String source, Origin origin) {

  /** Whose settings these are: a workspace's own credential connects only where the SSRF guard allows, the platform's anywhere. */
  public enum Origin { WORKSPACE_CREDENTIAL, PLATFORM }

  /** The type of the credentials holding these fields: {@code provider}, {@code apiKey}, {@code baseUrl}, {@code model}. */
  public static final String CREDENTIAL_TYPE = "llm";

  public LlmSettings {
    apiKey = apiKey == null ? "" : apiKey;
    baseUrl = baseUrl.map(String::strip).filter(s -> !s.isEmpty());
    defaultModel = defaultModel.map(String::strip).filter(s -> !s.isEmpty());
  }

  public static LlmSettings sandbox() {
    return new LlmSettings(LlmProvider.SANDBOX, "", Optional.empty(), Optional.empty(), "sandbox", Origin.PLATFORM);
  }

  public boolean sandboxed() {
    return provider == LlmProvider.SANDBOX;
  }

  public String effectiveBaseUrl() {
    return baseUrl.orElse(provider.defaultBaseUrl());
  }

  /** Reads an {@code llm} credential; a wrong type or provider is a plain failure naming what to fix. */
  public static LlmSettings fromCredential(Credential credential) throws NodeFailure {
    if (!CREDENTIAL_TYPE.equals(credential.type())) {
      throw new NodeFailure("credential_wrong_type", "The credential '" + credential.name() + "' is a " + credential.type()
          + " credential; choose an AI model (llm) credential.", false);
    }
    String providerName = credential.field("provider").orElse("openai");
    LlmProvider provider = LlmProvider.parse(providerName).orElseThrow(() -> new NodeFailure("credential_invalid",
        "The AI model credential '" + credential.name() + "' names the provider '" + providerName + "', which Switchboard "
            + "does not know; use one of " + Arrays.stream(LlmProvider.values()).map(LlmProvider::code)
            .collect(Collectors.joining(", ")) + ".", false));
    String key = credential.field("apiKey").orElse("");
    if (key.isBlank() && provider != LlmProvider.OLLAMA && provider != LlmProvider.SANDBOX && credential.field("baseUrl").isEmpty()) {
      throw new NodeFailure("credential_invalid", "The AI model credential '" + credential.name() + "' has no API key.", false);
    }
    return new LlmSettings(provider, key, credential.field("baseUrl"), credential.field("model"),
        "credential '" + credential.name() + "'", Origin.WORKSPACE_CREDENTIAL);
  }

  /** Whether a workspace's own credential gave these settings (not the platform's defaults or the sandbox). */
  public boolean fromWorkspaceCredential() {
    return origin == Origin.WORKSPACE_CREDENTIAL;
  }

  @Override
  public String toString() {
    return "LlmSettings[" + provider.code() + " " + effectiveBaseUrl() + " from " + source + ", key hidden]";
  }
}
