package io.switchboard.engine.expression;

import java.time.Duration;
import java.util.Objects;

/**
 * How far one tenant expression may go. Every bound is enforced on every evaluation; a tenant meets
 * an {@link ExpressionException} with a plain-language message when one is crossed.
 *
 * @param maxExpressionLength characters in one expression (each {@code {{ }}} placeholder of a
 *     template counts on its own; a whole template may be up to {@code maxOutputBytes} characters)
 * @param maxNestingDepth how deeply brackets, calls and operators may nest when the expression is read
 * @param maxEvaluationTime wall-clock time one evaluation may take
 * @param maxOutputBytes size of a result (rendered text, or the JSON of a value) in UTF-8 bytes; also
 *     the largest text an expression may build along the way
 * @param maxIterations loop steps of all list macros ({@code map}, {@code filter}, {@code exists}...)
 *     in one evaluation; also the largest list an expression may build
 */
public record ExpressionLimits(
    int maxExpressionLength,
    int maxNestingDepth,
    Duration maxEvaluationTime,
    int maxOutputBytes,
    int maxIterations) {

  public ExpressionLimits {
    Objects.requireNonNull(maxEvaluationTime, "maxEvaluationTime");
    requirePositive(maxExpressionLength, "maxExpressionLength");
    requirePositive(maxNestingDepth, "maxNestingDepth");
    requirePositive(maxOutputBytes, "maxOutputBytes");
    requirePositive(maxIterations, "maxIterations");
    if (maxEvaluationTime.isNegative() || maxEvaluationTime.isZero()) {
      throw new IllegalArgumentException("maxEvaluationTime must be positive, was " + maxEvaluationTime);
    }
  }

  /** 4096 characters, 64 levels, 250 ms, 64 KiB, 10,000 loop steps. */
  public static ExpressionLimits defaults() {
    return new ExpressionLimits(4096, 64, Duration.ofMillis(250), 64 * 1024, 10_000);
  }

  /** A size as a tenant reads it: "64 KiB", "1,500 bytes". */
  static String readableBytes(long bytes) {
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return String.format(java.util.Locale.ROOT, "%,d KiB", bytes / 1024);
    }
    return String.format(java.util.Locale.ROOT, "%,d bytes", bytes);
  }

  /** A duration as a tenant reads it: "250 ms", "2 s". */
  static String readableTime(Duration time) {
    long millis = time.toMillis();
    if (millis == 0) {
      return "less than a millisecond";
    }
    if (millis % 1000 == 0) {
      return (millis / 1000) + " s";
    }
    return millis + " ms";
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
