package io.switchboard.engine.execution;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A merge waiting for its branches: what arrived so far, keyed by the incoming edge
 * ({@code node:port}), and whether a "first" merge already let one through.
 */
public record MergeFrame(Map<String, JsonNode> arrived, boolean passed) {

  public MergeFrame {
    arrived = new LinkedHashMap<>(arrived);
  }
}
