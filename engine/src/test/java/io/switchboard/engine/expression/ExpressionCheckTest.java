package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** check() and checkTemplate() read and type-check without evaluating, for the workflow editor. */
class ExpressionCheckTest {

  private static final Expressions EXPRESSIONS = Expressions.withDefaults();

  @Test
  void shouldAcceptValidExpressionsWithoutEvaluatingThem() {
    assertThat(EXPRESSIONS.check("trigger.body.intent == \"booking\" && contact.tags.contains(\"vip\")")).isEmpty();
    assertThat(EXPRESSIONS.check("default(contact.first_name, 'there')")).isEmpty();
    assertThat(EXPRESSIONS.check("formatDate(addDuration(now(), '2d'), 'yyyy-MM-dd')")).isEmpty();
    // Would fail when evaluated, but reads and checks fine.
    assertThat(EXPRESSIONS.check("1 / 0")).isEmpty();
    assertThat(EXPRESSIONS.check("nodes[\"Not run yet\"].id")).isEmpty();
  }

  static Stream<Arguments> problems() {
    return Stream.of(
        arguments("", "The expression is empty."),
        arguments("contct.first_name",
            "'contct' is not a known name: expressions can use trigger, nodes, contact and vars. Did you mean 'contact'?"),
        arguments("lowr(contact.first_name)", "There is no function called 'lowr'. Did you mean 'lower'?"),
        arguments("contact.first_name.capitalize()", "There is no function called 'capitalize'."),
        arguments("1 + 'a'", "'+' cannot be used with a whole number and text."),
        arguments("lower('a', 'b', 'c')", "lower() cannot be used with text, text and text."),
        arguments("!'yes'", "'!' cannot be used with text."),
        arguments("1 +", "The expression ends too early: something is missing at the end."),
        arguments("trigger.body.count > > 3", "The expression could not be read: '>' was not expected at character 22."),
        arguments("contact.name # comment", "The expression could not be read: the character '#' cannot be used at character 14."),
        arguments("'open", "The expression could not be read: the text in quotes at character 1 has no closing quote."),
        arguments("(1 + 2", "The expression could not be read: ')' is missing before the end at character 7."),
        arguments("contact.first_name\n  == 'Ada' &&", "The expression ends too early: something is missing at the end."),
        arguments("trigger.body.count\n  > > 3", "The expression could not be read: '>' was not expected at line 2, character 5."),
        arguments("var x = 1", "'var' is a reserved word and cannot be used as a name."),
        arguments("java.lang.System.exit(0)", "Expressions cannot use 'exit': they can only read the workflow's data "
            + "(trigger, nodes, contact, vars) and call the built-in functions. Java classes, the system, the environment "
            + "and files are out of reach."),
        arguments("x".repeat(5000), "The expression is 5000 characters long; the limit is 4096."));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("problems")
  void shouldExplainWhatIsWrongPlainly(String expression, String problem) {
    assertThat(EXPRESSIONS.check(expression)).contains(problem);
  }

  @Test
  void shouldGiveTheSameAnswerFromTheCache() {
    assertThat(EXPRESSIONS.check("contct.x")).isEqualTo(EXPRESSIONS.check("contct.x"));
  }

  @Test
  void shouldCheckTemplates() {
    assertThat(EXPRESSIONS.checkTemplate("Hi {{ contact.first_name }}, your booking is on {{ formatDate(now(), 'EEEE') }}"))
        .isEmpty();
    assertThat(EXPRESSIONS.checkTemplate("Plain text")).isEmpty();
    assertThat(EXPRESSIONS.checkTemplate("Hi {{ contct.first_name }}")).contains("In {{ contct.first_name }}: 'contct' "
        + "is not a known name: expressions can use trigger, nodes, contact and vars. Did you mean 'contact'?");
    assertThat(EXPRESSIONS.checkTemplate("Hi {{ contact.first_name")).contains("The '{{' at character 4 has no matching '}}'.");
    assertThat(EXPRESSIONS.checkTemplate("{{}}")).contains("The placeholder at character 1 is empty.");
    assertThat(EXPRESSIONS.checkTemplate(null)).contains("The template is empty.");
  }
}
