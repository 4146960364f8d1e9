package io.switchboard.engine.expression;

import io.switchboard.engine.expression.ExpressionException.Kind;

/**
 * What compiling an expression or template gave: ready to run, or refused with the tenant-facing
 * reason. Refusals are cached too, so a broken expression on a hot path is not compiled again.
 */
sealed interface Outcome<T> {

  record Ready<T>(T value) implements Outcome<T> {}

  record Refused<T>(Kind kind, String message) implements Outcome<T> {}

  default T orThrow() throws ExpressionException {
    return switch (this) {
      case Ready<T> ready -> ready.value();
      case Refused<T> refused -> throw new ExpressionException(refused.kind(), refused.message());
    };
  }
}
