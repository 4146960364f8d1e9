package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.ZoneOffset;

import static io.switchboard.engine.expression.SampleScope.json;
import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRenderingTest {

  private final Expressions expressions = Expressions.withDefaults();

  private String render(String template) throws ExpressionException {
    return expressions.render(template, scope());
  }

  @Test
  void shouldRenderPlaceholdersIntoText() throws Exception {
    assertThat(render("Hi {{ contact.first_name }}")).isEqualTo("Hi Ada");
    assertThat(render("{{vars.greeting}} {{ contact.first_name }} {{ contact.last_name }}!")).isEqualTo("Hi Ada Lovelace!");
    assertThat(render("You have {{ trigger.body.count }} items at {{ trigger.body.price }} each"))
        .isEqualTo("You have 5 items at 9.99 each");
    assertThat(render("Total: {{ trigger.body.count * trigger.body.price }}")).isEqualTo("Total: 49.95");
    assertThat(render("{{ 2.0 * 2 }} {{ true }} {{ null }}|")).isEqualTo("4 true |");
  }

  @Test
  void shouldGiveBackFixedSettingsAsTheyAreAndCopyOnlyWhatWasFilledIn() throws Exception {
    JsonNode fixed = json("{\"to\": \"+15550001\", \"retries\": 3, \"tags\": [\"a\", {\"b\": true}]}");
    assertThat(expressions.renderConfig(fixed, scope())).as("nothing to fill in").isSameAs(fixed);

    JsonNode config = json("{\"first\": {\"keep\": 1}, \"body\": \"Hi {{ contact.first_name }}\", "
        + "\"list\": [\"x\", \"{{ trigger.body.count }}\", {\"k\": 2}], \"last\": [true]}");
    String before = config.toString();
    JsonNode rendered = expressions.renderConfig(config, scope());
    assertThat(rendered.toString()).isEqualTo("{\"first\":{\"keep\":1},\"body\":\"Hi Ada\",\"list\":[\"x\",5,{\"k\":2}],"
        + "\"last\":[true]}");
    assertThat(config.toString()).as("the graph's own settings are not changed").isEqualTo(before);
    assertThat(rendered.get("first")).isSameAs(config.get("first"));
    assertThat(rendered.get("last")).isSameAs(config.get("last"));
    assertThat(rendered.get("list").get(2)).isSameAs(config.get("list").get(2));
  }

  @Test
  void shouldLeaveTextWithoutPlaceholdersAlone() throws Exception {
    assertThat(render("No placeholders here, just } and { braces")).isEqualTo("No placeholders here, just } and { braces");
    assertThat(render("")).isEmpty();
  }

  @Test
  void shouldRenderAMissingFieldAsEmptyText() throws Exception {
    assertThat(render("Hi {{ contact.nickname }}!")).isEqualTo("Hi !");
    assertThat(render("[{{ nodes[\"Send SMS\"].id }}]")).isEqualTo("[]");
    assertThat(render("[{{ trigger.body.items[9].sku }}]")).isEqualTo("[]");
    assertThat(render("Hi {{ default(contact.nickname, contact.first_name) }}")).isEqualTo("Hi Ada");
  }

  @Test
  void shouldRenderListsObjectsAndDates() throws Exception {
    assertThat(render("{{ contact.tags }}")).isEqualTo("[\"vip\",\"new\"]");
    assertThat(render("{{ trigger.body.nested }}")).isEqualTo("{\"deep\":{\"value\":\"found\"}}");
    assertThat(render("At {{ now() }}")).isEqualTo("At 2024-03-10T09:30:00+01:00");
    assertThat(render("On {{ formatDate(now(), 'EEEE') }} at {{ formatDate(now(), 'HH:mm') }}")).isEqualTo("On Sunday at 09:30");
    assertThat(render("{{ join([now()], ', ') }}")).isEqualTo("2024-03-10T09:30:00+01:00");
  }

  @Test
  void shouldFindTheEndOfAPlaceholderPastBracesAndQuotes() throws Exception {
    assertThat(render("{{ {'a': {'b': 'x'}}.a.b }}")).isEqualTo("x");
    assertThat(render("{{ '}}' }} and {{ \"{{\" }}")).isEqualTo("}} and {{");
    assertThat(render("{{ 'it\\'s' }}")).isEqualTo("it's");
  }

  @Test
  void shouldKeepTheTypeOfAWholeValuePlaceholderInConfig() throws Exception {
    JsonNode config = json("""
        {'to': '{{ contact.phone }}',
         'count': '{{ trigger.body.count }}',
         'price': ' {{ trigger.body.price }} ',
         'vip': '{{ contact.tags.contains(\\"vip\\") }}',
         'items': '{{ trigger.body.items }}',
         'missing': '{{ contact.nickname }}',
         'text': 'Hi {{ contact.first_name }}, {{ trigger.body.count }} items',
         'list': ['{{ contact.first_name }}', 7, false, null, {'inner': '{{ vars.threshold }}'}],
         'plain': 'no placeholders',
         'number': 12.5}
        """);
    JsonNode rendered = expressions.renderConfig(config, scope());
    assertThat(rendered).isEqualTo(json("""
        {'to': null,
         'count': 5,
         'price': 9.99,
         'vip': true,
         'items': [{'sku': 'a', 'qty': 2}, {'sku': 'b', 'qty': 1}],
         'missing': null,
         'text': 'Hi Ada, 5 items',
         'list': ['Ada', 7, false, null, {'inner': 3}],
         'plain': 'no placeholders',
         'number': 12.5}
        """));
    assertThat(config.get("count").isString()).as("the config itself is left unchanged").isTrue();
  }

  @Test
  void shouldNameTheSettingThatFailedInConfig() {
    JsonNode config = json("{'sms': {'body': 'Total {{ trigger.body.intent * 2 }}'}}");
    assertThatThrownBy(() -> expressions.renderConfig(config, scope()))
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo("expression_type"))
        .hasMessageStartingWith("In the setting sms.body: In {{ trigger.body.intent * 2 }}: ");
  }

  @Test
  void shouldRefuseAnUnbalancedTemplate() {
    assertThatThrownBy(() -> render("Hi {{ contact.first_name"))
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo("expression_syntax"))
        .hasMessage("The '{{' at character 4 has no matching '}}'.");
    assertThatThrownBy(() -> render("Hi {{ }}")).hasMessage("The placeholder at character 4 is empty.");
    assertThatThrownBy(() -> render("Hi {{ 'open }}")).hasMessage("The '{{' at character 4 has no matching '}}'.");
  }

  @Test
  void shouldNameThePlaceholderThatFailed() {
    assertThatThrownBy(() -> render("Hi {{ contct.first_name }}"))
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo("expression_unknown_name"))
        .hasMessage("In {{ contct.first_name }}: 'contct' is not a known name: expressions can use trigger, nodes, "
            + "contact and vars. Did you mean 'contact'?");
    assertThatThrownBy(() -> render("Value: {{ trigger.body.count / 0 }}"))
        .hasMessage("In {{ trigger.body.count / 0 }}: The expression divides by zero.");
  }

  @Test
  void shouldRenderAgainstAnEmptyScope() throws Exception {
    ExpressionScope empty = ExpressionScope.empty(SampleScope.NOW, ZoneOffset.UTC);
    assertThat(expressions.render("Hi {{ default(contact.first_name, 'there') }}", empty)).isEqualTo("Hi there");
    assertThat(expressions.renderConfig(json("{'a': '{{ trigger.x }}'}"), empty)).isEqualTo(json("{'a': null}"));
  }
}
