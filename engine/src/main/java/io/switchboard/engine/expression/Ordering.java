package io.switchboard.engine.expression;

import java.time.Instant;

/** The order of numbers, texts and dates, used by min(), max() and sort(). */
final class Ordering {

  private Ordering() {}

  /** Compares two values of the same kind; whole numbers and decimals compare as numbers. */
  static int compare(String function, Object a, Object b) {
    if (a instanceof Long x && b instanceof Long y) {
      return Long.compare(x, y);
    }
    if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
      return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant x && b instanceof Instant y) {
      return x.compareTo(y);
    }
    throw Arguments.problem(function + "() can only compare numbers with numbers, text with text or dates with dates, but got "
        + JsonValues.describe(a) + " and " + JsonValues.describe(b) + ".");
  }
}
