package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every entry of {@code expressions/hostile.txt} is refused with a plain-language message, quickly.
 * The time bound is a safety net against a hang, not a benchmark.
 */
class HostileExpressionsTest {

  private static final Duration SAFETY_BOUND = Duration.ofSeconds(1);
  private static final Pattern REPEAT = Pattern.compile("<<(\\d+)\\*(.*?)>>");
  private static final Pattern PLAIN_LANGUAGE = Pattern.compile("^[A-Za-z'\"].*[.?]$", Pattern.DOTALL);
  /** A template's message starts by quoting the tenant's own placeholder, which may say anything. */
  private static final Pattern QUOTED_PLACEHOLDER = Pattern.compile("^In \\{\\{ .*? }}: ", Pattern.DOTALL);
  private static final List<String> TECHNICAL_WORDS = List.of(
      "Exception", "java.", "dev.cel", "<input>", "\tat ", "overload", "NullPointer", "ClassCast", "proto2", "%A0");
  private static final Expressions EXPRESSIONS = Expressions.withDefaults();

  static Stream<Arguments> corpus() throws IOException {
    List<Arguments> entries = new ArrayList<>();
    try (InputStream in = HostileExpressionsTest.class.getResourceAsStream("/expressions/hostile.txt")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int lineNumber = 0;
      for (String line : text.split("\n", -1)) {
        lineNumber++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String mode = "expression";
        String body = line;
        Matcher prefix = Pattern.compile("^(expression|condition|template): (.*)$", Pattern.DOTALL).matcher(line);
        if (prefix.matches()) {
          mode = prefix.group(1);
          body = prefix.group(2);
        }
        String shown = body.length() > 70 ? body.substring(0, 70) + "..." : body;
        entries.add(arguments("line " + lineNumber + " " + mode + ": " + shown, mode, expand(body)));
      }
    }
    return entries.stream();
  }

  private static String expand(String body) {
    Matcher m = REPEAT.matcher(body);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
    }
    m.appendTail(out);
    return out.toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void shouldRefuseHostileInputPlainlyAndQuickly(String label, String mode, String input) {
    long started = System.nanoTime();
    ExpressionException refusal = refusalOf(mode, input);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(refusal).as("%s must be refused", label).isNotNull();
    assertThat(refusal.code()).startsWith("expression_");
    assertThat(QUOTED_PLACEHOLDER.matcher(refusal.getMessage()).replaceFirst(""))
        .as("message of %s", label)
        .matches(PLAIN_LANGUAGE)
        .doesNotContain(TECHNICAL_WORDS)
        .doesNotContain("\n");
    assertThat(refusal.getMessage().length()).isLessThan(400);
    assertThat(took).as("time to refuse %s", label).isLessThan(SAFETY_BOUND);
  }

  @Test
  void shouldHaveAFullCorpus() throws IOException {
    assertThat(corpus().count()).isGreaterThan(80);
  }

  @Test
  void shouldMatchCatastrophicBacktrackingPatternsInLinearTime() throws Exception {
    // A classic ReDoS pattern: re2j runs it in linear time, so it is allowed and answers at once.
    String expression = "'" + "a".repeat(4000) + "!'.matches('^(a+)+$')";
    long started = System.nanoTime();
    assertThat(EXPRESSIONS.evaluate(expression, scope()).booleanValue()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(SAFETY_BOUND);
  }

  private static ExpressionException refusalOf(String mode, String input) {
    try {
      switch (mode) {
        case "condition" -> EXPRESSIONS.test(input, scope());
        case "template" -> EXPRESSIONS.render(input, scope());
        default -> EXPRESSIONS.evaluate(input, scope());
      }
      return null;
    } catch (ExpressionException refused) {
      return refused;
    }
  }
}
