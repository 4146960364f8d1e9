package io.switchboard.engine.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * Something wrong, or worth a second look, in a workflow graph.
 *
 * @param severity an error stops the workflow from being activated; a warning does not
 * @param code     stable, for programs: {@code missing_config}, {@code cycle}, ...
 * @param nodeId   the step it is about, if one
 * @param field    the config field or output it is about, if one ({@code to}, {@code cases[1].when})
 * @param message  a sentence for the person building the workflow, naming the step by its name
 */
public record ValidationProblem(Severity severity, String code, Optional<String> nodeId, Optional<String> field,
                                String message) {

  public enum Severity { ERROR, WARNING }

  public ValidationProblem {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    nodeId = Objects.requireNonNullElse(nodeId, Optional.empty());
    field = Objects.requireNonNullElse(field, Optional.empty());
    Objects.requireNonNull(message, "message");
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
