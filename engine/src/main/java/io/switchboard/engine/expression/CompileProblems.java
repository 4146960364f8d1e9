package io.switchboard.engine.expression;

import dev.cel.common.CelIssue;
import dev.cel.common.ast.CelExpr;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Puts CEL's parser and checker findings in words a tenant who is not a programmer can act on. */
final class CompileProblems {

  private static final Pattern UNDECLARED = Pattern.compile("undeclared reference to '([^']*)'.*", Pattern.DOTALL);
  private static final Pattern NO_OVERLOAD =
      Pattern.compile("found no matching overload for '([^']*)' applied to '\\((.*)\\)'.*", Pattern.DOTALL);
  private static final Pattern UNEXPECTED =
      Pattern.compile("(?:mismatched|extraneous) input '(.*?)' expecting.*", Pattern.DOTALL);
  private static final Pattern NO_VIABLE = Pattern.compile("no viable alternative at input '(.*)'", Pattern.DOTALL);
  private static final Pattern BAD_CHARACTER = Pattern.compile("token recognition error at: '(.*)'", Pattern.DOTALL);
  private static final Pattern MISSING = Pattern.compile("missing '?(.*?)'? at '(.*)'", Pattern.DOTALL);
  private static final Pattern RESERVED = Pattern.compile("reserved identifier: (.*)", Pattern.DOTALL);

  private CompileProblems() {}

  /** The first parser finding, as a refusal. */
  static Outcome.Refused<CompiledExpression> parsing(List<CelIssue> issues, int maxDepth) {
    CelIssue issue = issues.getFirst();
    String message = issue.getMessage();
    if (message.contains("recursion limit exceeded")) {
      return refused(Kind.TOO_DEEP, "The expression nests too deeply: brackets, calls and operators may go "
          + maxDepth + " levels deep. Split it into simpler steps.");
    }
    if (message.contains("code point size exceeds")) {
      return refused(Kind.TOO_LONG, "The expression is too long.");
    }
    String where = where(issue);
    Matcher m;
    if ((m = UNEXPECTED.matcher(message)).matches()) {
      String token = m.group(1);
      if (token.equals("<EOF>")) {
        return refused(Kind.SYNTAX, "The expression ends too early: something is missing at the end.");
      }
      return refused(Kind.SYNTAX, "The expression could not be read: '" + shorten(token) + "' was not expected " + where + ".");
    }
    if ((m = BAD_CHARACTER.matcher(message)).matches() && (m.group(1).startsWith("'") || m.group(1).startsWith("\""))) {
      return refused(Kind.SYNTAX, "The expression could not be read: the text in quotes " + where + " has no closing quote.");
    }
    if ((m = BAD_CHARACTER.matcher(message)).matches()) {
      return refused(Kind.SYNTAX, "The expression could not be read: the character '" + shorten(m.group(1))
          + "' cannot be used " + where + ".");
    }
    if ((m = MISSING.matcher(message)).matches()) {
      String before = m.group(2).equals("<EOF>") ? "the end" : "'" + shorten(m.group(2)) + "'";
      return refused(Kind.SYNTAX, "The expression could not be read: '" + shorten(m.group(1)) + "' is missing before "
          + before + " " + where + ".");
    }
    if ((m = RESERVED.matcher(message)).matches()) {
      return refused(Kind.SYNTAX, "'" + shorten(m.group(1).strip()) + "' is a reserved word and cannot be used as a name.");
    }
    if (NO_VIABLE.matcher(message).matches() || message.startsWith("Syntax error")) {
      return refused(Kind.SYNTAX, "The expression could not be read " + where + ". Check brackets, quotes and operators.");
    }
    return refused(Kind.SYNTAX, "The expression could not be read " + where + ": " + plain(message));
  }

  /** The first checker finding, as a refusal. */
  static Outcome.Refused<CompiledExpression> checking(List<CelIssue> issues, CelExpr parsed, Collection<String> knownNames) {
    CelIssue issue = issues.getFirst();
    String message = issue.getMessage();
    Matcher m;
    if ((m = UNDECLARED.matcher(message)).matches()) {
      String name = m.group(1);
      boolean isFunction = SyntaxTree.byId(parsed, issue.getExprId())
          .map(expr -> expr.getKind() == CelExpr.ExprKind.Kind.CALL)
          .orElse(false);
      String suggestion = closest(name, knownNames).map(s -> " Did you mean '" + s + "'?").orElse("");
      if (isFunction) {
        return refused(Kind.UNKNOWN_NAME, "There is no function called '" + name + "'." + suggestion);
      }
      return refused(Kind.UNKNOWN_NAME, "'" + name + "' is not a known name: expressions can use trigger, nodes, "
          + "contact and vars." + suggestion);
    }
    if ((m = NO_OVERLOAD.matcher(message)).matches()) {
      return refused(Kind.TYPE, OperatorNames.describe(m.group(1)) + " cannot be used with "
          + kinds(m.group(2)) + ".");
    }
    return refused(Kind.TYPE, "The expression does not fit together " + where(issue) + ": " + plain(message));
  }

  private static Outcome.Refused<CompiledExpression> refused(Kind kind, String message) {
    return new Outcome.Refused<>(kind, message);
  }

  private static String where(CelIssue issue) {
    int line = issue.getSourceLocation().getLine();
    int column = issue.getSourceLocation().getColumn() + 1;
    if (column <= 0) {
      return "";
    }
    return line > 1 ? "at line " + line + ", character " + column : "at character " + column;
  }

  /** "string, list(dyn)" as "text and a list". */
  private static String kinds(String typeList) {
    List<String> words = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= typeList.length(); i++) {
      char c = i < typeList.length() ? typeList.charAt(i) : ',';
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        String type = typeList.substring(start, i).strip();
        if (!type.isEmpty()) {
          words.add(kind(type));
        }
        start = i + 1;
      }
    }
    if (words.isEmpty()) {
      return "no values";
    }
    if (words.size() == 1) {
      return words.getFirst();
    }
    return String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.getLast();
  }

  private static String kind(String type) {
    String base = type.contains("(") ? type.substring(0, type.indexOf('(')) : type;
    return switch (base) {
      case "int", "uint" -> "a whole number";
      case "double" -> "a number";
      case "string" -> "text";
      case "bool" -> "true/false";
      case "null_type" -> "null";
      case "bytes" -> "bytes";
      case "list" -> "a list";
      case "map" -> "an object";
      case "google.protobuf.Timestamp", "timestamp" -> "a date";
      case "google.protobuf.Duration", "duration" -> "a duration";
      case "dyn" -> "any value";
      case "type" -> "a type";
      default -> "a value of kind " + base;
    };
  }

  /** CEL's own words, without the source excerpt and internal markers. */
  private static String plain(String message) {
    String firstLine = message.lines().findFirst().orElse(message);
    return firstLine.replace("(in container '')", "").strip();
  }

  private static String shorten(String text) {
    return text.length() > 30 ? text.substring(0, 30) + "..." : text;
  }

  /** The known name closest to a misspelt one, if it is close enough to be a typo. */
  static Optional<String> closest(String name, Collection<String> knownNames) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : knownNames) {
      int distance = distance(name.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        bestDistance = distance;
        best = known;
      }
    }
    int allowed = name.length() <= 4 ? 1 : 2;
    return bestDistance <= allowed && !name.equals(best) ? Optional.ofNullable(best) : Optional.empty();
  }

  private static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 3 || a.length() > 64 || b.length() > 64) {
      return Integer.MAX_VALUE;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
