package io.switchboard.engine.graph;

import tools.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One value that differs between two versions of a step or of the settings.
 *
 * @param path   where, relative to the step or the settings, in the JSON format: {@code name},
 *               {@code config.to}, {@code config.cases[1].when}, {@code options.retry.maxAttempts},
 *               {@code position}
 * @param before the old value; empty when the field was added
 * @param after  the new value; empty when the field was removed
 */
public record FieldChange(String path, Optional<JsonNode> before, Optional<JsonNode> after) {

  public FieldChange {
    Objects.requireNonNull(path, "path");
    before = Objects.requireNonNullElse(before, Optional.empty());
    after = Objects.requireNonNullElse(after, Optional.empty());
  }
}
