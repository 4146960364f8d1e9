package io.switchboard.engine.expression;

import io.switchboard.engine.expression.ExpressionException.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Text with {@code {{ expression }}} placeholders, compiled once. A placeholder ends at the first
 * {@code }}} that is outside quotes and outside the expression's own braces, so
 * {@code {{ {"a": {"b": 1}}.a.b }}} works. Literal {@code {{} is written {@code {{ "{{" }}}.
 */
record Template(List<Part> parts) {

  sealed interface Part permits Text, Placeholder {}

  record Text(String text) implements Part {}

  /** @param source the expression as written, for messages */
  record Placeholder(String source, CompiledExpression expression) implements Part {}

  Template {
    parts = List.copyOf(parts);
  }

  boolean isPlainText() {
    return parts.stream().noneMatch(Placeholder.class::isInstance);
  }

  /** The placeholder, when the template is a single placeholder with nothing but spaces around it. */
  Optional<Placeholder> wholeValue() {
    Placeholder only = null;
    for (Part part : parts) {
      switch (part) {
        case Text text when !text.text().isBlank() -> {
          return Optional.empty();
        }
        case Text ignored -> {
          // blank text around the placeholder
        }
        case Placeholder placeholder -> {
          if (only != null) {
            return Optional.empty();
          }
          only = placeholder;
        }
      }
    }
    return Optional.ofNullable(only);
  }

  static Outcome<Template> compile(String text, ExpressionLimits limits,
      Function<String, Outcome<CompiledExpression>> compiler) {
    if (text.length() > limits.maxOutputBytes()) {
      return new Outcome.Refused<>(Kind.TOO_LONG, "The template is " + text.length()
          + " characters long; the limit is " + limits.maxOutputBytes() + ".");
    }
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf("{{", at);
      if (open < 0) {
        parts.add(new Text(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Text(text.substring(at, open)));
      }
      int close = closingBraces(text, open + 2);
      if (close < 0) {
        return new Outcome.Refused<>(Kind.SYNTAX, "The '{{' at character " + (open + 1)
            + " has no matching '}}'.");
      }
      String source = text.substring(open + 2, close).strip();
      if (source.isEmpty()) {
        return new Outcome.Refused<>(Kind.SYNTAX, "The placeholder at character " + (open + 1) + " is empty.");
      }
      switch (compiler.apply(source)) {
        case Outcome.Ready<CompiledExpression> ready -> parts.add(new Placeholder(source, ready.value()));
        case Outcome.Refused<CompiledExpression> refused -> {
          return new Outcome.Refused<>(refused.kind(), in(source, refused.message()));
        }
      }
      at = close + 2;
    }
    return new Outcome.Ready<>(new Template(parts));
  }

  /** "In {{ contact.nme }}: ..." so the tenant knows which placeholder failed. */
  static String in(String source, String message) {
    String shown = source.length() > 60 ? source.substring(0, 60) + "..." : source;
    return "In {{ " + shown + " }}: " + message;
  }

  /** Where the placeholder opened before {@code from} ends, or -1. */
  private static int closingBraces(String text, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth > 0) {
          depth--;
        } else if (i + 1 < text.length() && text.charAt(i + 1) == '}') {
          return i;
        }
      }
    }
    return -1;
  }
}
