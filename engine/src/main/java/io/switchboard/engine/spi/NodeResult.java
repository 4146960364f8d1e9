package io.switchboard.engine.spi;

import tools.jackson.databind.JsonNode;

/** What a node's execution came to. */
public sealed interface NodeResult {

  /** Leave by {@code port}, handing {@code output} to the next nodes. */
  record Emit(String port, JsonNode output) implements NodeResult {}

  /**
   * Park the execution until the wait ends, holding no thread; {@code memo} comes back to the node
   * in {@link NodeContext#memo()} when it is called again.
   */
  record Wait(WaitSpec until, JsonNode memo) implements NodeResult {}

  /**
   * The node failed. {@code code} is stable ({@code provider_unavailable}, {@code invalid_config});
   * {@code message} is for the person reading the execution; retryable failures follow the retry
   * policy.
   */
  record Fail(String code, String message, boolean retryable) implements NodeResult {}

  static Emit emit(String port, JsonNode output) {
    return new Emit(port, output);
  }

  static Fail fail(String code, String message, boolean retryable) {
    return new Fail(code, message, retryable);
  }
}
