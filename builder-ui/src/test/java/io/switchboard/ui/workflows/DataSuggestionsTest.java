package io.switchboard.ui.workflows;

import io.switchboard.engine.expression.ExpressionScope;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.nodes.catalog.OutputSchemas;
import io.switchboard.nodes.trigger.WebhookTrigger;
import io.switchboard.ui.workflows.DataSuggestions.Link;
import io.switchboard.ui.workflows.DataSuggestions.Step;
import io.switchboard.ui.workflows.DataSuggestions.Suggestion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The editor's autocomplete offers what a step can read, as paths the expression engine evaluates. */
class DataSuggestionsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void shouldOfferOnlyTheStepsThatLeadIntoTheSelectedOne() {
    // n1 → n2 → n4, n1 → n3 → n4, n5 unrelated, n4 → n6 after it; a loop's "next" edge back into n2
    List<Link> links = List.of(new Link("n1", "n2"), new Link("n1", "n3"), new Link("n2", "n4"), new Link("n3", "n4"),
        new Link("n4", "n6"), new Link("n6", "n2"), new Link("n5", "n7"));

    assertThat(DataSuggestions.ancestors("n4", links)).containsExactlyInAnyOrder("n2", "n3", "n1", "n6");
    assertThat(DataSuggestions.ancestors("n3", links)).containsExactly("n1");
    assertThat(DataSuggestions.ancestors("n1", links)).isEmpty();
    assertThat(DataSuggestions.ancestors("n7", links)).containsExactly("n5");
  }

  @Test
  void shouldOfferTheTriggersDocumentedFieldsUpstreamStepsByNameContactVariablesAndNow() {
    List<Step> steps = List.of(new Step("n1", "New lead", WebhookTrigger.KEY, true),
        new Step("n2", "Score it", "logic.set@1", false), new Step("n3", "Later", "logic.set@1", false),
        new Step("n9", "Elsewhere", "logic.set@1", false));
    List<Link> links = List.of(new Link("n1", "n2"), new Link("n2", "n3"));

    List<String> paths = paths(DataSuggestions.forStep("n2", steps, links, known(Optional.empty(), Map.of())));

    assertThat(paths).contains("trigger", "trigger.body", "trigger.headers", "trigger.query", "trigger.method",
        "nodes[\"New lead\"]", "nodes[\"New lead\"].body", "contact.first_name", "contact.tags", "vars.booking_link",
        "vars[\"opening hours\"]", "now()");
    assertThat(paths).noneMatch(p -> p.contains("Score it") || p.contains("Later") || p.contains("Elsewhere"));
    assertThat(paths.indexOf("trigger.body")).isLessThan(paths.indexOf("nodes[\"New lead\"]"));
  }

  @Test
  void shouldOfferTheLastRunsFieldsAsPathsThatEvaluateToThem() throws Exception {
    JsonNode trigger = JSON.readTree("""
        {"method": "POST", "body": {"name": "Ada", "order id": 42, "in": true, "items": [{"sku": "a-1"}]},
         "headers": {"x-source": "shop"}, "query": {}}""");
    JsonNode scored = JSON.readTree("{\"score\": 7, \"lead\": {\"tier\": \"gold\"}}");
    List<Step> steps = List.of(new Step("n1", "New \"hot\" lead", WebhookTrigger.KEY, true),
        new Step("n2", "Score it", "logic.set@1", false), new Step("n3", "Reply", "logic.set@1", false));
    List<Link> links = List.of(new Link("n1", "n2"), new Link("n2", "n3"));

    List<Suggestion> offered = DataSuggestions.forStep("n3", steps, links,
        known(Optional.of(trigger), Map.of("n1", trigger, "n2", scored)));
    List<String> paths = paths(offered);

    assertThat(paths).contains("trigger.body.name", "trigger.body[\"order id\"]", "trigger.body[\"in\"]",
        "trigger.body.items[0].sku", "trigger.headers[\"x-source\"]", "nodes[\"Score it\"].score",
        "nodes[\"Score it\"].lead.tier", "nodes[\"New \\\"hot\\\" lead\"].body.name");
    assertThat(offered).filteredOn(s -> s.path().equals("trigger.body.name"))
        .singleElement().satisfies(s -> assertThat(s.hint()).isEqualTo("\"Ada\""));

    // every offered path is a valid expression, and the ones from the run read that run's values
    Expressions expressions = Expressions.withDefaults();
    ExpressionScope scope = new ExpressionScope(trigger, Map.of("New \"hot\" lead", trigger, "Score it", scored),
        JSON.readTree("{\"first_name\": \"Ada\"}"), JSON.readTree("{\"booking_link\": \"https://cal.com/x\", "
        + "\"opening hours\": \"9-5\"}"), Instant.parse("2026-01-05T10:00:00Z"), ZoneId.of("UTC"));
    for (String path : paths) {
      assertThat(expressions.check(path)).as(path).isEmpty();
    }
    assertThat(expressions.evaluate("trigger.body[\"order id\"]", scope).asInt()).isEqualTo(42);
    assertThat(expressions.evaluate("trigger.body.items[0].sku", scope).asString()).isEqualTo("a-1");
    assertThat(expressions.evaluate("nodes[\"Score it\"].lead.tier", scope).asString()).isEqualTo("gold");
    assertThat(expressions.evaluate("nodes[\"New \\\"hot\\\" lead\"].body.name", scope).asString()).isEqualTo("Ada");
    assertThat(expressions.evaluate("vars[\"opening hours\"]", scope).asString()).isEqualTo("9-5");
    assertThat(expressions.render("Hi {{ trigger.body.name }} ({{ contact.first_name }})", scope))
        .isEqualTo("Hi Ada (Ada)");
  }

  @Test
  void shouldPreferTheTriggersSamplePayloadAndCapDeepOrWideData() {
    StringBuilder wide = new StringBuilder("{\"deep\": {\"a\": {\"b\": {\"c\": {\"d\": {\"e\": 1}}}}}, \"body\": {");
    for (int i = 0; i < 200; i++) wide.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": ").append(i);
    wide.append("}}");
    List<Step> steps = List.of(new Step("n1", "Start", "trigger.manual@1", true), new Step("n2", "Next", "logic.set@1", false));
    DataSuggestions.Known known = new DataSuggestions.Known(Map.of(), Map.of("n1", JSON.readTree(wide.toString())),
        Optional.of(JSON.readTree("{\"from_last_run\": 1}")), Map.of(), OutputSchemas.contact("The contact"), List.of());

    List<String> paths = paths(DataSuggestions.forStep("n2", steps, List.of(new Link("n1", "n2")), known));

    assertThat(paths).contains("trigger.body.f0", "trigger.deep.a.b.c").doesNotContain("trigger.from_last_run",
        "trigger.deep.a.b.c.d");
    assertThat(paths.stream().filter(p -> p.startsWith("trigger.")).count()).isLessThanOrEqualTo(DataSuggestions.MAX_PER_ROOT);
  }

  private static DataSuggestions.Known known(Optional<JsonNode> lastTrigger, Map<String, JsonNode> outputs) {
    return new DataSuggestions.Known(Map.of(WebhookTrigger.KEY, new WebhookTrigger().outputSchema().orElseThrow()),
        Map.of(), lastTrigger, outputs, OutputSchemas.contact("The contact"), List.of("booking_link", "opening hours"));
  }

  private static List<String> paths(List<Suggestion> suggestions) {
    return suggestions.stream().map(Suggestion::path).toList();
  }
}
