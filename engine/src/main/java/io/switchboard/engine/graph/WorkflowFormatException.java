package io.switchboard.engine.graph;

import java.util.Objects;
import java.util.Optional;

/**
 * A file or request body that is not a workflow Switchboard can read. The message is a sentence for
 * the person who uploaded it; {@link #code()} is stable for programs; {@link #location()} points at
 * the offending part ({@code nodes[2].options.timeout}) when there is one.
 */
public final class WorkflowFormatException extends RuntimeException {

  /** Larger than the size limit, or nested too deeply. */
  public static final String TOO_LARGE = "too_large";
  /** Empty, or not JSON at all. */
  public static final String NOT_JSON = "not_json";
  /** JSON with the same field twice in one object. */
  public static final String DUPLICATE_FIELD = "duplicate_field";
  /** JSON, but not shaped like a workflow. */
  public static final String NOT_A_WORKFLOW = "not_a_workflow";
  /** An n8n workflow export, which has its own importer. */
  public static final String N8N_EXPORT = "n8n_export";
  /** Written by a newer Switchboard whose format this one does not know. */
  public static final String UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version";
  public static final String TOO_MANY_NODES = "too_many_nodes";
  public static final String TOO_MANY_EDGES = "too_many_edges";
  /** A field the format requires is absent (a node's id or type, an edge's ends). */
  public static final String MISSING_FIELD = "missing_field";
  /** A field has the wrong type or an impossible value. */
  public static final String INVALID_VALUE = "invalid_value";
  /** A field the format does not define; reading on would silently drop it. */
  public static final String UNKNOWN_FIELD = "unknown_field";

  private final String code;
  private final transient Optional<String> location;

  public WorkflowFormatException(String code, String message, Optional<String> location) {
    super(message);
    this.code = Objects.requireNonNull(code);
    this.location = Objects.requireNonNull(location);
  }

  public WorkflowFormatException(String code, String message) {
    this(code, message, Optional.empty());
  }

  public String code() {
    return code;
  }

  public Optional<String> location() {
    return location;
  }
}
