package io.switchboard.nodes;

import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.ValidationProblem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator with the real catalog and the real expression checker, as the API uses them. */
class BuiltInNodesValidationTest {

  private final Expressions expressions = Expressions.withDefaults();
  private final GraphValidator validator = new GraphValidator(BuiltInNodes.catalog(), expressions::check,
      expressions::checkTemplate);

  @Test
  void shouldPointAtTheStepWhoseConditionOrTemplateDoesNotParse() {
    List<ValidationProblem> problems = validator.validate(ExecutionScenariosTest.graph("""
        {'nodes': [
          {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
          {'id': 'if', 'type': 'logic.condition@1', 'name': 'Is VIP', 'config': {'condition': 'contact.tags.contains(\\"vip\\" &&'}},
          {'id': 'set', 'type': 'logic.set@1', 'name': 'Greeting', 'config': {'fields': [{'name': 'text', 'value': 'Hi {{ contact.first_name '}]}},
          {'id': 'sw', 'type': 'logic.switch@1', 'name': 'Route', 'config': {'cases': [{'port': 'a', 'label': 'A', 'condition': '1 +'}]}}],
         'edges': [{'from': 'start', 'to': 'if'}, {'from': 'if', 'fromPort': 'true', 'to': 'set'}, {'from': 'set', 'to': 'sw'}]}
        """));
    assertThat(problems).filteredOn(ValidationProblem::isError).extracting(p -> p.nodeId().orElse(""))
        .contains("if", "set", "sw");
    assertThat(problems).filteredOn(p -> p.nodeId().filter("if"::equals).isPresent())
        .allSatisfy(p -> assertThat(p.message()).contains("Is VIP"));
  }

  @Test
  void shouldAcceptAWellFormedFlowOfBuiltInSteps() {
    List<ValidationProblem> problems = validator.validate(ExecutionScenariosTest.graph("""
        {'nodes': [
          {'id': 'hook', 'type': 'trigger.webhook@1', 'name': 'Webhook', 'config': {'respond': 'respond_node'}},
          {'id': 'set', 'type': 'logic.set@1', 'name': 'Score', 'config': {'fields': [{'name': 's', 'value': '{{ trigger.body.n * 2 }}'}]}},
          {'id': 'sw', 'type': 'logic.switch@1', 'name': 'Route', 'config': {'cases': [{'port': 'hot', 'label': 'Hot', 'condition': 'input.s > 10'}]}},
          {'id': 'hot', 'type': 'logic.respond@1', 'name': 'Hot', 'config': {'body': {'hot': true}}},
          {'id': 'cold', 'type': 'logic.respond@1', 'name': 'Cold', 'config': {'body': {'hot': false}}}],
         'edges': [{'from': 'hook', 'to': 'set'}, {'from': 'set', 'to': 'sw'},
                   {'from': 'sw', 'fromPort': 'hot', 'to': 'hot'}, {'from': 'sw', 'fromPort': 'otherwise', 'to': 'cold'}]}
        """));
    assertThat(problems).filteredOn(ValidationProblem::isError).isEmpty();
  }
}
