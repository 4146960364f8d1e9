package io.switchboard.engine.expression;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a field is written in an expression: {@code owner.name} when the name is a plain word that
 * may follow a dot, {@code owner["name"]} otherwise. Shared by error messages and the editor's data
 * suggestions, so what the editor inserts and what an error names are the same text.
 */
public final class FieldAccess {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // CEL's reserved words cannot follow a dot: trigger.body.in does not parse, trigger.body["in"] does
  private static final Set<String> RESERVED = Set.of("in", "as", "break", "const", "continue", "else", "for",
      "function", "if", "import", "let", "loop", "package", "namespace", "return", "var", "void", "while", "true",
      "false", "null");

  private FieldAccess() {}

  /** {@code owner.name}, or {@code owner["name"]} when the name is not a plain word. */
  public static String of(String owner, String name) {
    return IDENTIFIER.matcher(name).matches() && !RESERVED.contains(name)
        ? owner + "." + name : owner + "[" + quoted(name) + "]";
  }

  /** A string literal of the expression language. */
  public static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
