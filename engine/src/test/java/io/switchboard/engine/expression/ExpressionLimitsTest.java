package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;

import static io.switchboard.engine.expression.SampleScope.NOW;
import static io.switchboard.engine.expression.SampleScope.json;
import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionLimitsTest {

  private static final ExpressionLimits DEFAULTS = ExpressionLimits.defaults();

  private static ExpressionLimits withOutput(int maxOutputBytes) {
    return new ExpressionLimits(DEFAULTS.maxExpressionLength(), DEFAULTS.maxNestingDepth(),
        DEFAULTS.maxEvaluationTime(), maxOutputBytes, DEFAULTS.maxIterations());
  }

  private static ExpressionLimits withIterations(int maxIterations) {
    return new ExpressionLimits(DEFAULTS.maxExpressionLength(), DEFAULTS.maxNestingDepth(),
        DEFAULTS.maxEvaluationTime(), DEFAULTS.maxOutputBytes(), maxIterations);
  }

  private static ExpressionScope scopeWithText(String text) {
    return new ExpressionScope(json("{'list': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}"), Map.of(), null,
        JsonNodeFactory.instance.objectNode().put("s", text), NOW, ZoneOffset.UTC);
  }

  private static void assertRefused(ThrowingCall call, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessage(message);
  }

  @FunctionalInterface
  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void shouldHaveDocumentedDefaults() {
    assertThat(DEFAULTS).isEqualTo(new ExpressionLimits(4096, 64, Duration.ofMillis(250), 65536, 10_000));
  }

  @Test
  void shouldRejectLimitsThatAreNotPositive() {
    assertThatThrownBy(() -> new ExpressionLimits(0, 64, Duration.ofMillis(1), 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxExpressionLength");
    assertThatThrownBy(() -> new ExpressionLimits(1, 64, Duration.ZERO, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEvaluationTime");
    assertThatThrownBy(() -> new ExpressionLimits(1, 64, Duration.ofMillis(1), 1, -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxIterations");
  }

  @Test
  void shouldRefuseAnExpressionOverTheLengthLimit() throws Exception {
    Expressions expressions = Expressions.withDefaults();
    String longest = "'" + "a".repeat(4094) + "'";
    assertThat(expressions.evaluate(longest, scope()).stringValue()).hasSize(4094);
    assertRefused(() -> expressions.evaluate(longest + " ", scope()), "expression_too_long",
        "The expression is 4097 characters long; the limit is 4096.");
  }

  @Test
  void shouldRefuseNestingOverTheDepthLimit() throws Exception {
    Expressions expressions = Expressions.withDefaults();
    assertThat(expressions.evaluate("(".repeat(20) + "1" + ")".repeat(20), scope())).isEqualTo(json("1"));
    assertRefused(() -> expressions.evaluate("(".repeat(70) + "1" + ")".repeat(70), scope()), "expression_too_deep",
        "The expression nests too deeply: brackets, calls and operators may go 64 levels deep. Split it into simpler steps.");
    assertRefused(() -> expressions.evaluate("[".repeat(70) + "]".repeat(70), scope()), "expression_too_deep",
        "The expression nests too deeply: brackets, calls and operators may go 64 levels deep. Split it into simpler steps.");
  }

  @Test
  void shouldStopAnEvaluationAtTheTimeLimit() {
    // A limit of one nanosecond has always passed by the first deadline check (every 16 steps).
    Expressions hurried = new Expressions(new ExpressionLimits(4096, 64, Duration.ofNanos(1), 65536, 10_000));
    assertRefused(() -> hurried.evaluate("trigger.list.map(x, x * 2)", scopeWithText("")), "expression_timeout",
        "The expression took longer than the limit of less than a millisecond.");
  }

  @Test
  void shouldNotLetErrorAbsorbingOperatorsHideATimeout() {
    Expressions hurried = new Expressions(new ExpressionLimits(4096, 64, Duration.ofNanos(1), 65536, 10_000));
    assertRefused(() -> hurried.test("trigger.list.exists(x, x > 100) || true", scopeWithText("")), "expression_timeout",
        "The expression took longer than the limit of less than a millisecond.");
  }

  @Test
  void shouldShareOneTimeLimitAcrossATemplate() {
    Expressions hurried = new Expressions(new ExpressionLimits(4096, 64, Duration.ofNanos(1), 65536, 10_000));
    assertRefused(() -> hurried.render("{{ 1 }} {{ trigger.list.map(x, x) }}", scopeWithText("")), "expression_timeout",
        "In {{ trigger.list.map(x, x) }}: The expression took longer than the limit of less than a millisecond.");
  }

  @Test
  void shouldStopLoopsAtTheIterationLimit() throws Exception {
    Expressions expressions = new Expressions(withIterations(40));
    assertThat(expressions.evaluate("size(trigger.list.map(x, [1, 2].map(y, y)))", scopeWithText(""))).isEqualTo(json("10"));
    assertRefused(() -> expressions.evaluate("trigger.list.map(x, trigger.list.map(y, y))", scopeWithText("")),
        "expression_timeout", "The expression loops too much: all list functions together may take 40 steps.");
  }

  @Test
  void shouldRefuseListsBuiltPastTheIterationLimit() {
    Expressions expressions = new Expressions(withIterations(15));
    assertRefused(() -> expressions.evaluate("size(trigger.list + trigger.list)", scopeWithText("")),
        "expression_output_too_large", "The expression built a list of more than 15 items.");
    assertRefused(() -> expressions.evaluate("split('a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p', ',')", scopeWithText("")),
        "expression_output_too_large", "split() would make more than 15 pieces, the most a list may hold.");
  }

  @Test
  void shouldRefuseTextBuiltPastTheOutputLimitEvenWhenTheResultIsSmall() {
    Expressions expressions = new Expressions(withOutput(1000));
    ExpressionScope scope = scopeWithText("x".repeat(600));
    assertRefused(() -> expressions.evaluate("size(vars.s + vars.s)", scope), "expression_output_too_large",
        "The expression built text longer than the limit of 1,000 bytes.");
    assertRefused(() -> expressions.evaluate("size(replace(vars.s, 'x', 'yy'))", scope), "expression_output_too_large",
        "replace() would make text longer than the limit of 1,000 bytes.");
    assertRefused(() -> expressions.evaluate("size(join([vars.s, vars.s]))", scope), "expression_output_too_large",
        "join() would make text longer than the limit of 1,000 bytes.");
  }

  @Test
  void shouldRefuseResultsOverTheOutputLimit() throws Exception {
    Expressions expressions = new Expressions(withOutput(1000));
    assertThat(expressions.evaluate("vars.s", scopeWithText("é".repeat(498))).stringValue()).hasSize(498);
    // 499 two-byte characters and two quotes are 1,000 bytes of JSON; 500 are too many.
    assertRefused(() -> expressions.evaluate("vars.s", scopeWithText("é".repeat(500))), "expression_output_too_large",
        "The result is larger than the limit of 1,000 bytes.");
    assertRefused(() -> expressions.evaluate("[vars.s, vars.s]", scopeWithText("x".repeat(600))),
        "expression_output_too_large", "The result is larger than the limit of 1,000 bytes.");
    JsonNode big = json("{'items': []}");
    for (int i = 0; i < 300; i++) {
      ((ArrayNode) big.get("items")).add("item-" + i);
    }
    ExpressionScope bigTrigger = new ExpressionScope(big, Map.of(), null, null, NOW, ZoneOffset.UTC);
    assertThat(expressions.evaluate("size(trigger.items)", bigTrigger)).isEqualTo(json("300"));
    assertRefused(() -> expressions.evaluate("trigger", bigTrigger), "expression_output_too_large",
        "The result is larger than the limit of 1,000 bytes.");
  }

  @Test
  void shouldRefuseRenderedTextOverTheOutputLimit() throws Exception {
    Expressions expressions = new Expressions(withOutput(1000));
    assertThat(expressions.render("{{ vars.s }}", scopeWithText("x".repeat(1000)))).hasSize(1000);
    assertRefused(() -> expressions.render("{{ vars.s }}!", scopeWithText("x".repeat(1000))), "expression_output_too_large",
        "The rendered text is larger than the limit of 1,000 bytes.");
    assertRefused(() -> expressions.render("{{ vars.s }}", scopeWithText("€".repeat(400))), "expression_output_too_large",
        "The rendered text is larger than the limit of 1,000 bytes.");
    assertRefused(() -> expressions.render("x".repeat(1001), scopeWithText("")), "expression_too_long",
        "The template is 1001 characters long; the limit is 1000.");
  }
}
