package io.switchboard.engine.expression;

import io.switchboard.engine.expression.ExpressionException.Kind;

/**
 * Raised inside an evaluation (by a library function or the evaluation budget), carried through
 * CEL as the cause of its error, and turned back into an {@link ExpressionException}.
 */
final class ExpressionProblem extends RuntimeException {

  private final Kind kind;

  ExpressionProblem(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  Kind kind() {
    return kind;
  }

  ExpressionException toException() {
    return new ExpressionException(kind, getMessage());
  }
}
