package io.switchboard.engine.expression;

import dev.cel.common.types.SimpleType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Pattern;

import static io.switchboard.engine.expression.Arguments.number;

/**
 * Number functions, and arithmetic between whole numbers and decimals ({@code 1.5 * 2}), which
 * standard CEL refuses but JSON data needs: a JSON count of 3 is a whole number, a price of 9.99
 * is not.
 */
final class NumberFunctions {

  private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");
  private static final int MAX_NUMBER_TEXT = 100;
  private static final int MAX_DIGITS = 15;

  private NumberFunctions() {}

  static void register(FunctionCatalog catalog) {
    mixedArithmetic(catalog, "_+_", "add", Double::sum);
    mixedArithmetic(catalog, "_-_", "subtract", (x, y) -> x - y);
    mixedArithmetic(catalog, "_*_", "multiply", (x, y) -> x * y);
    mixedArithmetic(catalog, "_/_", "divide", (x, y) -> x / y);
    catalog
        .globalAndMember("round", SimpleType.INT, 1, a -> toWhole("round", roundHalfUp(number("round", a[0]), 0)))
        .globalAndMember("round", SimpleType.DOUBLE, 2, a -> round(a[0], a[1]))
        .globalAndMember("floor", SimpleType.INT, 1, a -> toWhole("floor", Math.floor(number("floor", a[0]))))
        .globalAndMember("ceil", SimpleType.INT, 1, a -> toWhole("ceil", Math.ceil(number("ceil", a[0]))))
        .globalAndMember("abs", SimpleType.DYN, 1, a -> abs(a[0]))
        .global("min", SimpleType.DYN, 1, a -> extreme("min", Arguments.list("min", a[0]), -1))
        .global("min", SimpleType.DYN, 2, a -> extreme("min", List.of(a[0], a[1]), -1))
        .global("max", SimpleType.DYN, 1, a -> extreme("max", Arguments.list("max", a[0]), 1))
        .global("max", SimpleType.DYN, 2, a -> extreme("max", List.of(a[0], a[1]), 1))
        .globalAndMember("toNumber", SimpleType.DYN, 1, a -> toNumber(a[0]))
        .globalAndMember("toNumber", SimpleType.DYN, 2, a -> toNumberOr(a[0], a[1]));
  }

  private interface DoubleOperation {
    double apply(double x, double y);
  }

  private static void mixedArithmetic(FunctionCatalog catalog, String operator, String name, DoubleOperation op) {
    catalog.typed(operator, "switchboard_" + name + "_int_double", SimpleType.DOUBLE,
        List.of(SimpleType.INT, SimpleType.DOUBLE), List.of(Long.class, Double.class),
        a -> op.apply((Long) a[0], (Double) a[1]));
    catalog.typed(operator, "switchboard_" + name + "_double_int", SimpleType.DOUBLE,
        List.of(SimpleType.DOUBLE, SimpleType.INT), List.of(Double.class, Long.class),
        a -> op.apply((Double) a[0], (Long) a[1]));
  }

  private static double round(Object value, Object digits) {
    long places = Arguments.whole("round", digits);
    if (places < 0 || places > MAX_DIGITS) {
      throw Arguments.problem("round() keeps between 0 and " + MAX_DIGITS + " digits, but was asked for " + places + ".");
    }
    return roundHalfUp(number("round", value), (int) places);
  }

  /** Halves round away from zero (2.5 becomes 3, -2.5 becomes -3), as people round by hand. */
  private static double roundHalfUp(double value, int places) {
    requireFinite("round", value);
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
  }

  private static long toWhole(String function, double value) {
    requireFinite(function, value);
    if (value >= 9.2e18 || value <= -9.2e18) {
      throw Arguments.problem(function + "() got a number too large to be a whole number.");
    }
    return (long) value;
  }

  private static Object abs(Object value) {
    return switch (value) {
      case Long number when number == Long.MIN_VALUE -> throw Arguments.problem("abs() got a number too large to turn positive.");
      case Long number -> Math.abs(number);
      case Double number -> Math.abs(number);
      default -> throw Arguments.wrongKind("abs", "a number", value);
    };
  }

  /** The smallest ({@code direction} -1) or largest (1) of numbers, texts or dates of one kind. */
  private static Object extreme(String function, List<?> values, int direction) {
    if (values.isEmpty()) {
      throw Arguments.problem(function + "() needs at least one value, but the list is empty.");
    }
    Object best = values.getFirst();
    for (int i = 1; i < values.size(); i++) {
      Object candidate = values.get(i);
      if (Ordering.compare(function, best, candidate) * direction < 0) {
        best = candidate;
      }
    }
    // A single value is still checked, so min(["a", true]) and min([true]) fail alike.
    Ordering.compare(function, best, best);
    return best;
  }

  private static Object toNumber(Object value) {
    return switch (value) {
      case Long number -> number;
      case Double number -> number;
      case String text -> parse(text);
      default -> throw Arguments.wrongKind("toNumber", "text or a number", value);
    };
  }

  private static Object toNumberOr(Object value, Object fallback) {
    try {
      return toNumber(value);
    } catch (ExpressionProblem unreadable) {
      return fallback;
    }
  }

  private static Object parse(String text) {
    String s = text.strip();
    if (s.length() <= MAX_NUMBER_TEXT) {
      if (WHOLE.matcher(s).matches()) {
        return Long.parseLong(s);
      }
      if (DECIMAL.matcher(s).matches()) {
        double number = Double.parseDouble(s);
        if (Double.isFinite(number)) {
          return number;
        }
      }
    }
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    throw Arguments.problem("toNumber() could not read \"" + shown + "\" as a number.");
  }

  private static void requireFinite(String function, double value) {
    if (!Double.isFinite(value)) {
      throw Arguments.problem(function + "() got a number that is not a real number.");
    }
  }
}
