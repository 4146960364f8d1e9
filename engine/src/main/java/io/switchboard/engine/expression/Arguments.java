package io.switchboard.engine.expression;

import dev.cel.common.values.NullValue;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Reads a library function's arguments, refusing the wrong kind of value in a tenant's words. */
final class Arguments {

  private Arguments() {}

  static String text(String function, Object value) {
    if (value instanceof String text) {
      return text;
    }
    throw wrongKind(function, "text", value);
  }

  static double number(String function, Object value) {
    return switch (value) {
      case Long number -> number.doubleValue();
      case Double number -> number;
      default -> throw wrongKind(function, "a number", value);
    };
  }

  /** A whole number; a double with no fraction (such as 2.0 from JSON) is accepted too. */
  static long whole(String function, Object value) {
    return switch (value) {
      case Long number -> number;
      case Double number when number == Math.rint(number) && Math.abs(number) < 9.0e15 -> number.longValue();
      default -> throw wrongKind(function, "a whole number", value);
    };
  }

  static int position(String function, Object value) {
    long position = whole(function, value);
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, position));
  }

  static List<?> list(String function, Object value) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw wrongKind(function, "a list", value);
  }

  /** A date, or text in ISO-8601 form read as a date in the scope's zone. */
  static Instant date(String function, Object value, ZoneId zone) {
    return switch (value) {
      case Instant instant -> instant;
      case String text -> DateFunctions.parse(function, text, zone);
      default -> throw wrongKind(function, "a date", value);
    };
  }

  static boolean isNull(Object value) {
    return value == null || value instanceof NullValue;
  }

  static ExpressionProblem wrongKind(String function, String wanted, Object got) {
    return new ExpressionProblem(Kind.TYPE,
        function + "() needs " + wanted + ", but got " + JsonValues.describe(got) + ".");
  }

  static ExpressionProblem problem(String message) {
    return new ExpressionProblem(Kind.RUNTIME, message);
  }
}
