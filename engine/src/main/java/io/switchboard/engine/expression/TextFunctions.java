package io.switchboard.engine.expression;

import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.switchboard.engine.expression.Arguments.position;
import static io.switchboard.engine.expression.Arguments.text;

/**
 * Text functions. Positions count characters as a reader sees them (Unicode code points), and
 * positions past either end are clamped rather than refused. Every function that can grow text
 * computes the size of its result before building it.
 */
final class TextFunctions {

  private final int maxTextLength;
  private final int maxListSize;

  private TextFunctions(ExpressionLimits limits) {
    this.maxTextLength = limits.maxOutputBytes();
    this.maxListSize = limits.maxIterations();
  }

  static void register(FunctionCatalog catalog, ExpressionLimits limits) {
    TextFunctions f = new TextFunctions(limits);
    catalog
        .globalAndMember("lower", SimpleType.STRING, 1, a -> text("lower", a[0]).toLowerCase(Locale.ROOT))
        .globalAndMember("upper", SimpleType.STRING, 1, a -> text("upper", a[0]).toUpperCase(Locale.ROOT))
        .globalAndMember("trim", SimpleType.STRING, 1, a -> text("trim", a[0]).strip())
        .globalAndMember("replace", SimpleType.STRING, 3, a -> f.replace(a[0], a[1], a[2]))
        .globalAndMember("split", ListType.create(SimpleType.STRING), 2, a -> f.split(a[0], a[1]))
        .clockGlobalAndMember("join", SimpleType.STRING, 1, (a, now, zone) -> f.join(a[0], "", zone))
        .clockGlobalAndMember("join", SimpleType.STRING, 2, (a, now, zone) -> f.join(a[0], a[1], zone))
        .globalAndMember("substring", SimpleType.STRING, 2, a -> substring(a[0], a[1], null))
        .globalAndMember("substring", SimpleType.STRING, 3, a -> substring(a[0], a[1], a[2]))
        .globalAndMember("truncate", SimpleType.STRING, 2, a -> truncate(a[0], a[1], ""))
        .globalAndMember("truncate", SimpleType.STRING, 3, a -> truncate(a[0], a[1], a[2]));
  }

  private String replace(Object subject, Object target, Object replacement) {
    String s = text("replace", subject);
    String from = text("replace", target);
    String to = text("replace", replacement);
    if (from.isEmpty()) {
      throw Arguments.problem("replace() needs some text to look for; it was given empty text.");
    }
    long occurrences = count(s, from);
    long resultLength = s.length() + occurrences * (to.length() - (long) from.length());
    if (resultLength > maxTextLength) {
      throw tooLong("replace()");
    }
    return s.replace(from, to);
  }

  private List<String> split(Object subject, Object separator) {
    String s = text("split", subject);
    String sep = text("split", separator);
    List<String> parts = new ArrayList<>();
    if (sep.isEmpty()) {
      // An empty separator splits into single characters.
      s.codePoints().limit(maxListSize + 1L).forEach(cp -> parts.add(Character.toString(cp)));
    } else {
      int start = 0;
      while (parts.size() <= maxListSize) {
        int next = s.indexOf(sep, start);
        if (next < 0) {
          parts.add(s.substring(start));
          break;
        }
        parts.add(s.substring(start, next));
        start = next + sep.length();
      }
    }
    if (parts.size() > maxListSize) {
      throw new ExpressionProblem(Kind.OUTPUT_TOO_LARGE,
          "split() would make more than " + maxListSize + " pieces, the most a list may hold.");
    }
    return parts;
  }

  /** Joins items as a template shows them: dates in the scope's zone, objects as JSON. */
  private String join(Object items, Object separator, ZoneId zone) {
    List<?> list = Arguments.list("join", items);
    String sep = text("join", separator);
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < list.size(); i++) {
      if (i > 0) {
        joined.append(sep);
      }
      joined.append(JsonValues.toText(list.get(i), zone, maxTextLength));
      if (joined.length() > maxTextLength) {
        throw tooLong("join()");
      }
    }
    return joined.toString();
  }

  private static String substring(Object subject, Object from, Object to) {
    String s = text("substring", subject);
    int length = s.codePointCount(0, s.length());
    int start = clamp(position("substring", from), length);
    int end = to == null ? length : clamp(position("substring", to), length);
    if (end <= start) {
      return "";
    }
    return s.substring(s.offsetByCodePoints(0, start), s.offsetByCodePoints(0, end));
  }

  private static String truncate(Object subject, Object max, Object suffix) {
    String s = text("truncate", subject);
    String tail = text("truncate", suffix);
    long limit = Arguments.whole("truncate", max);
    if (limit < 0) {
      throw Arguments.problem("truncate() needs a length of zero or more, but got " + limit + ".");
    }
    int length = s.codePointCount(0, s.length());
    if (length <= limit) {
      return s;
    }
    int tailLength = tail.codePointCount(0, tail.length());
    if (tailLength > limit) {
      return s.substring(0, s.offsetByCodePoints(0, (int) limit));
    }
    return s.substring(0, s.offsetByCodePoints(0, (int) limit - tailLength)) + tail;
  }

  private static int clamp(int position, int length) {
    return Math.max(0, Math.min(length, position));
  }

  private static long count(String s, String part) {
    long count = 0;
    for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }

  private ExpressionProblem tooLong(String function) {
    return new ExpressionProblem(Kind.OUTPUT_TOO_LARGE, function + " would make text longer than the limit of "
        + ExpressionLimits.readableBytes(maxTextLength) + ".");
  }
}
