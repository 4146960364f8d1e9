package io.switchboard.engine.expression;

import java.util.Objects;

/**
 * A tenant expression or template was refused or failed. {@link #getMessage()} is written for the
 * person who wrote the expression; {@link #code()} is stable and safe to match on.
 */
public final class ExpressionException extends Exception {

  /** The closed set of reasons, each with its stable wire code. */
  public enum Kind {
    /** The text is not a valid expression or template. */
    SYNTAX("expression_syntax"),
    /** A variable, function or field that does not exist. */
    UNKNOWN_NAME("expression_unknown_name"),
    /** The expression or template is longer than allowed. */
    TOO_LONG("expression_too_long"),
    /** Brackets, calls or operators nest more deeply than allowed. */
    TOO_DEEP("expression_too_deep"),
    /** The evaluation took too long or looped too often. */
    TIMEOUT("expression_timeout"),
    /** The result, or something built on the way, is larger than allowed. */
    OUTPUT_TOO_LARGE("expression_output_too_large"),
    /** A value of the wrong kind, such as text where a number is needed. */
    TYPE("expression_type"),
    /** The expression reaches for something expressions may never touch. */
    FORBIDDEN("expression_forbidden"),
    /** Any other failure while evaluating, such as division by zero. */
    RUNTIME("expression_runtime");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Kind kind;

  public ExpressionException(Kind kind, String message) {
    // No stack trace: these are answers for tenants, thrown on hot paths, not defects to debug.
    super(message, null, false, false);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }

  /** Stable code, one of {@code expression_syntax, expression_unknown_name, ...}. */
  public String code() {
    return kind.code();
  }
}
