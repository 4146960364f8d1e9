package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.switchboard.engine.expression.SampleScope.json;
import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpressionsTest {

  private final Expressions expressions = Expressions.withDefaults();

  private JsonNode eval(String expression) throws ExpressionException {
    return expressions.evaluate(expression, scope());
  }

  private ExpressionException failure(String expression) {
    try {
      expressions.evaluate(expression, scope());
    } catch (ExpressionException e) {
      return e;
    }
    throw new AssertionError("expected " + expression + " to fail");
  }

  @Test
  void shouldReadEveryScopeVariable() throws Exception {
    assertThat(eval("trigger.body.intent")).isEqualTo(json("'booking'"));
    assertThat(eval("contact.first_name")).isEqualTo(json("'Ada'"));
    assertThat(eval("vars.greeting")).isEqualTo(json("'Hi'"));
    assertThat(eval("nodes[\"Look up contact\"].id")).isEqualTo(json("42"));
    assertThat(eval("trigger.body[\"odd key\"]")).isEqualTo(json("'yes'"));
    assertThat(eval("trigger.body.items[1].sku")).isEqualTo(json("'b'"));
  }

  @Test
  void shouldReturnWholeObjectsAndListsAsJson() throws Exception {
    assertThat(eval("trigger.body.items")).isEqualTo(json("[{'sku': 'a', 'qty': 2}, {'sku': 'b', 'qty': 1}]"));
    assertThat(eval("{'name': contact.first_name, 'n': [1, 2.5, true, null]}"))
        .isEqualTo(json("{'name': 'Ada', 'n': [1, 2.5, true, null]}"));
    assertThat(eval("trigger.body.nothing").isNull()).isTrue();
  }

  @Test
  void shouldNotLetCallersChangeTheScopeThroughAResult() throws Exception {
    ExpressionScope scope = scope();
    JsonNode items = expressions.evaluate("trigger.body.items", scope);
    ((ArrayNode) items).removeAll();
    assertThat(expressions.evaluate("size(trigger.body.items)", scope)).isEqualTo(json("2"));
  }

  @Test
  void shouldMixWholeNumbersAndDecimals() throws Exception {
    assertThat(eval("trigger.body.count > 3")).isEqualTo(json("true"));
    assertThat(eval("1.5 * trigger.body.count")).isEqualTo(json("7.5"));
    assertThat(eval("trigger.body.count * 1.5")).isEqualTo(json("7.5"));
    assertThat(eval("trigger.body.count + trigger.body.price")).isEqualTo(json("14.99"));
    assertThat(eval("trigger.body.price - 1")).isEqualTo(json("8.99"));
    assertThat(eval("trigger.body.count / 2.0")).isEqualTo(json("2.5"));
    assertThat(eval("trigger.body.count / 2")).isEqualTo(json("2"));
    assertThat(eval("trigger.body.price > trigger.body.count")).isEqualTo(json("true"));
    assertThat(eval("trigger.body.count == 5.0")).isEqualTo(json("true"));
  }

  @Test
  void shouldTestConditions() throws Exception {
    ExpressionScope scope = scope();
    assertThat(expressions.test("trigger.body.intent == \"booking\" && contact.tags.contains(\"vip\")", scope)).isTrue();
    assertThat(expressions.test("\"vip\" in contact.tags", scope)).isTrue();
    assertThat(expressions.test("contact.tags.contains(\"banned\")", scope)).isFalse();
    assertThat(expressions.test("trigger.body.count > vars.threshold || false", scope)).isTrue();
    assertThat(expressions.test("contact.first_name.startsWith(\"A\") && !has(contact.email)", scope)).isTrue();
    assertThat(expressions.test("nodes[\"Classify\"].score >= 0.8", scope)).isTrue();
    assertThat(expressions.test("trigger.body.items.exists(i, i.qty > 1)", scope)).isTrue();
    assertThat(expressions.test("trigger.body.items.all(i, i.qty > 1)", scope)).isFalse();
  }

  @Test
  void shouldRefuseAConditionThatIsNotTrueOrFalse() {
    assertThatThrownBy(() -> expressions.test("contact.first_name", scope()))
        .isInstanceOf(ExpressionException.class)
        .hasMessage("A condition must give true or false, but this one gave text.")
        .extracting(e -> ((ExpressionException) e).code()).isEqualTo("expression_type");
    assertThatThrownBy(() -> expressions.test("1 + 2", scope()))
        .hasMessage("A condition must give true or false, but this one gives a whole number.");
  }

  @Test
  void shouldNameTheMissingFieldWhenEvaluating() {
    ExpressionException e = failure("contact.email");
    assertThat(e.code()).isEqualTo("expression_unknown_name");
    assertThat(e.getMessage()).isEqualTo("The field contact.email does not exist. Use has(contact.email) to check for it "
        + "first, or default(contact.email, \"...\") to fall back to a value.");
    assertThat(failure("trigger.body.nested.deep.missing.more").getMessage())
        .startsWith("The field trigger.body.nested.deep.missing does not exist.");
    assertThat(failure("nodes[\"Look up contact\"].email").getMessage())
        .startsWith("The field nodes[\"Look up contact\"].email does not exist.");
    assertThat(failure("trigger.body.items[0].price").getMessage())
        .startsWith("The field trigger.body.items[0].price does not exist.");
    // a name that cannot follow a dot is named as it must be written
    assertThat(failure("trigger.body[\"in\"].x").getMessage())
        .startsWith("The field trigger.body[\"in\"] does not exist.");
    assertThat(failure("trigger.body[\"no such key\"].x").getMessage())
        .startsWith("The field trigger.body[\"no such key\"] does not exist.");
    // a field read from text says so, not CEL's words
    ExpressionException ofText = failure("trigger.body[\"odd key\"].x");
    assertThat(ofText.code()).isEqualTo("expression_type");
    assertThat(ofText.getMessage()).isEqualTo("The field 'x' was read from a value that has no fields (text, a number, "
        + "true/false or a list). Check the path: the part before it is not an object.");
  }

  @Test
  void shouldExplainAMissingNodeOutput() {
    ExpressionException e = failure("nodes[\"Send SMS\"].id");
    assertThat(e.code()).isEqualTo("expression_unknown_name");
    assertThat(e.getMessage()).isEqualTo("No earlier node named \"Send SMS\" has an output. "
        + "Node names must match exactly, including capitals and spaces.");
  }

  @Test
  void shouldFallBackWithDefaultWhenAFieldIsMissingOrNull() throws Exception {
    assertThat(eval("default(contact.email, \"none\")")).isEqualTo(json("'none'"));
    assertThat(eval("default(contact.phone, \"no phone\")")).isEqualTo(json("'no phone'"));
    assertThat(eval("default(contact.first_name, \"there\")")).isEqualTo(json("'Ada'"));
    assertThat(eval("default(contact.address.city, \"?\")")).isEqualTo(json("'?'"));
    assertThat(eval("default(nodes[\"Send SMS\"].id, 0)")).isEqualTo(json("0"));
    assertThat(eval("default(trigger.body.items[5].sku, \"-\")")).isEqualTo(json("'-'"));
    assertThat(eval("default(trigger.body.items[1].sku, \"-\")")).isEqualTo(json("'b'"));
    assertThat(eval("default(trigger.body.text.missing, \"-\")")).isEqualTo(json("'-'"));
    assertThat(eval("default(1 + 1, 0)")).isEqualTo(json("2"));
  }

  @Test
  void shouldTellWhetherAFieldExistsWithHas() throws Exception {
    assertThat(eval("has(contact.first_name)")).isEqualTo(json("true"));
    assertThat(eval("has(contact.email)")).isEqualTo(json("false"));
    assertThat(eval("has(contact.phone)")).isEqualTo(json("true"));
    assertThat(eval("\"Send SMS\" in nodes")).isEqualTo(json("false"));
  }

  @Test
  void shouldTreatAnAbsentContactAsAnEmptyObject() throws Exception {
    ExpressionScope scope = ExpressionScope.empty(SampleScope.NOW, ZoneOffset.UTC);
    assertThat(expressions.test("has(contact.first_name)", scope)).isFalse();
    assertThat(expressions.evaluate("default(contact.first_name, \"there\")", scope)).isEqualTo(json("'there'"));
    assertThat(expressions.evaluate("size(nodes)", scope)).isEqualTo(json("0"));
  }

  @Test
  void shouldIterateOverListsAndObjects() throws Exception {
    assertThat(eval("trigger.body.items.map(i, i.sku)")).isEqualTo(json("['a', 'b']"));
    assertThat(eval("trigger.body.items.filter(i, i.qty > 1).map(i, i.sku)")).isEqualTo(json("['a']"));
    assertThat(eval("nodes.map(name, name)")).isEqualTo(json("['Look up contact', 'Classify']"));
    assertThat(eval("size(contact)")).isEqualTo(json("5"));
  }

  @Test
  void shouldGiveDatesAsIsoTextInTheScopeZone() throws Exception {
    assertThat(eval("now()")).isEqualTo(json("'2024-03-10T09:30:00+01:00'"));
    assertThat(eval("now() + duration(\"1h\")")).isEqualTo(json("'2024-03-10T10:30:00+01:00'"));
    assertThat(eval("duration(\"90m\")")).isEqualTo(json("'PT1H30M'"));
  }

  @Test
  void shouldExplainRuntimeFailuresPlainly() {
    assertThat(failure("trigger.body.count / 0").getMessage()).isEqualTo("The expression divides by zero.");
    assertThat(failure("trigger.body.items[7]").getMessage())
        .isEqualTo("There is no item at position 7 in the list (positions start at 0).");
    assertThat(failure("trigger.body.intent + trigger.body.count"))
        .satisfies(e -> assertThat(e.code()).isEqualTo("expression_type"))
        .satisfies(e -> assertThat(e.getMessage()).startsWith("'+' cannot be used with these kinds of values"));
    assertThat(failure("9223372036854775807 + trigger.body.count").getMessage()).startsWith("A number in the expression became too large");
    assertThat(failure("lower(trigger.body.count)").getMessage()).isEqualTo("lower() needs text, but got a whole number.");
    assertThat(failure("1.0 / 0.0").getMessage()).contains("not a real number");
  }

  @Test
  void shouldGiveTheSameAnswerFromManyThreads() throws Exception {
    ExpressionScope scope = scope();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<JsonNode>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String expression = "trigger.body.count + " + (i % 10);
        answers.add(pool.submit(() -> expressions.evaluate(expression, scope)));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get().intValue()).isEqualTo(5 + i % 10);
      }
    }
  }

  @Test
  void shouldKeepNodesInTheScopeReadOnlyAndWithoutNulls() {
    Map<String, JsonNode> nodes = new HashMap<>();
    nodes.put("A", null);
    ExpressionScope scope = new ExpressionScope(null, nodes, null, null, Instant.EPOCH, ZoneOffset.UTC);
    assertThat(scope.nodes().get("A").isNull()).isTrue();
    assertThatThrownBy(() -> scope.nodes().put("B", json("1"))).isInstanceOf(UnsupportedOperationException.class);
  }
}
