package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.switchboard.engine.expression.SampleScope.json;
import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every library function, with its expected result as JSON (single quotes stand for double). */
class FunctionLibraryTest {

  private static final Expressions EXPRESSIONS = Expressions.withDefaults();

  static Stream<Arguments> results() {
    return Stream.of(
        // text
        arguments("lower('HeLLo')", "'hello'"),
        arguments("'HeLLo'.lower()", "'hello'"),
        arguments("upper(contact.first_name)", "'ADA'"),
        arguments("trim(trigger.body.text)", "'Hello World'"),
        arguments("trigger.body.text.trim().upper()", "'HELLO WORLD'"),
        arguments("replace('a-b-c', '-', '+')", "'a+b+c'"),
        arguments("'a-b-c'.replace('-', '')", "'abc'"),
        arguments("split('a,b,,c', ',')", "['a', 'b', '', 'c']"),
        arguments("'héllo'.split('')", "['h', 'é', 'l', 'l', 'o']"),
        arguments("join(['a', 'b', 'c'], ', ')", "'a, b, c'"),
        arguments("contact.tags.join(' & ')", "'vip & new'"),
        arguments("join([1, 2.5, true, null])", "'12.5true'"),
        arguments("substring('Lovelace', 4)", "'lace'"),
        arguments("'Lovelace'.substring(0, 4)", "'Love'"),
        arguments("substring('abc', 1, 99)", "'bc'"),
        arguments("substring('abc', 2, 1)", "''"),
        arguments("substring('😀ab', 1, 2)", "'a'"),
        arguments("truncate('Hello World', 5)", "'Hello'"),
        arguments("truncate('Hello World', 8, '...')", "'Hello...'"),
        arguments("truncate('Hi', 8, '...')", "'Hi'"),
        arguments("truncate('Hello', 2, '...')", "'He'"),
        arguments("size('héllo')", "5"),
        arguments("'booking-42'.startsWith('booking')", "true"),
        arguments("'booking-42'.endsWith('42')", "true"),
        arguments("'booking-42'.contains('ing')", "true"),
        arguments("'booking-42'.matches('^[a-z]+-[0-9]+$')", "true"),
        arguments("string(trigger.body.count) + ' items'", "'5 items'"),
        // numbers
        arguments("round(2.5)", "3"),
        arguments("round(-2.5)", "-3"),
        arguments("round(2.4)", "2"),
        arguments("round(trigger.body.price, 1)", "10.0"),
        arguments("round(1.005, 2)", "1.01"),
        arguments("round(7)", "7"),
        arguments("round(9.987, 2)", "9.99"),
        arguments("7 / 2", "3"),
        arguments("7 / 2.0", "3.5"),
        arguments("max([4, 9, 2])", "9"),
        arguments("floor(9.99)", "9"),
        arguments("floor(-0.5)", "-1"),
        arguments("ceil(9.01)", "10"),
        arguments("abs(-3)", "3"),
        arguments("abs(-3.5)", "3.5"),
        arguments("min(3, 2.5)", "2.5"),
        arguments("max(3, 2.5)", "3"),
        arguments("min([4, 1, 3])", "1"),
        arguments("max(['pear', 'apple'])", "'pear'"),
        arguments("toNumber('42')", "42"),
        arguments("toNumber(' 4.5 ')", "4.5"),
        arguments("toNumber('-1e3')", "-1000.0"),
        arguments("toNumber(7)", "7"),
        arguments("toNumber('n/a', 0)", "0"),
        arguments("'12'.toNumber() + 1", "13"),
        arguments("int('12') + 1", "13"),
        arguments("double('1.5') * 2", "3.0"),
        // lists
        arguments("first(contact.tags)", "'vip'"),
        arguments("contact.tags.last()", "'new'"),
        arguments("first(trigger.body.empty)", "null"),
        arguments("last([])", "null"),
        arguments("slice([1, 2, 3, 4], 1)", "[2, 3, 4]"),
        arguments("slice([1, 2, 3, 4], 1, 3)", "[2, 3]"),
        arguments("[1, 2, 3, 4].slice(-2)", "[3, 4]"),
        arguments("slice([1, 2, 3], 5)", "[]"),
        arguments("sort([3, 1.5, 2])", "[1.5, 2, 3]"),
        arguments("sort(['b', 'a', 'C'])", "['C', 'a', 'b']"),
        arguments("size(trigger.body.items)", "2"),
        arguments("trigger.body.items.size()", "2"),
        arguments("[1, 2, 3].contains(2.0)", "true"),
        arguments("contact.tags.contains('old')", "false"),
        arguments("[1, 2] + [3]", "[1, 2, 3]"),
        // JSON path
        arguments("jsonPath(trigger, '$.body.items[0].sku')", "'a'"),
        arguments("jsonPath(trigger, 'body.items[-1].qty')", "1"),
        arguments("jsonPath(trigger, \"$['body']['odd key']\")", "'yes'"),
        arguments("jsonPath(trigger, '$.body.nested.deep')", "{'value': 'found'}"),
        arguments("jsonPath(trigger, '$.body.nope.more')", "null"),
        arguments("jsonPath(trigger, '$.body.items[9]')", "null"),
        arguments("trigger.jsonPath('$.channel')", "'sms'"),
        arguments("jsonPath({'a': [{'b': 1}]}, '$.a[0].b')", "1"),
        // defaults
        arguments("default(contact.nickname, contact.first_name)", "'Ada'"),
        arguments("default(trigger.body.nothing, 'empty')", "'empty'"),
        arguments("default(jsonPath(trigger, '$.x.y'), 'none')", "'none'"));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("results")
  void shouldComputeLibraryFunction(String expression, String expected) throws Exception {
    assertThat(EXPRESSIONS.evaluate(expression, scope())).isEqualTo(json(expected));
  }

  @Test
  void shouldGiveTheWholeValueForTheRootJsonPath() throws Exception {
    assertThat(EXPRESSIONS.evaluate("jsonPath(trigger, '$')", scope())).isEqualTo(scope().trigger());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        arguments("upper(5)", "expression_type", "upper() needs text, but got a whole number."),
        arguments("replace('abc', '', 'x')", "expression_runtime", "replace() needs some text to look for; it was given empty text."),
        arguments("truncate('abc', -1)", "expression_runtime", "truncate() needs a length of zero or more, but got -1."),
        arguments("substring('abc', 1.5)", "expression_type", "substring() needs a whole number, but got a number."),
        arguments("toNumber('12abc')", "expression_runtime", "toNumber() could not read \"12abc\" as a number."),
        arguments("toNumber(true)", "expression_type", "toNumber() needs text or a number, but got true/false."),
        arguments("min([])", "expression_runtime", "min() needs at least one value, but the list is empty."),
        arguments("max([1, 'a'])", "expression_runtime",
            "max() can only compare numbers with numbers, text with text or dates with dates, but got a whole number and text."),
        arguments("sort([true, false])", "expression_runtime",
            "sort() can only compare numbers with numbers, text with text or dates with dates, but got true/false and true/false."),
        arguments("round(1.5, 20)", "expression_runtime", "round() keeps between 0 and 15 digits, but was asked for 20."),
        arguments("first('abc')", "expression_type", "first() needs a list, but got text."),
        arguments("jsonPath(trigger, '$.body[*]')", "expression_runtime",
            "jsonPath() cannot read the path \"$.body[*]\" at character 8: only .name, [number] and ['name'] steps are supported, no wildcards or filters."),
        arguments("jsonPath(trigger, '$..sku')", "expression_runtime",
            "jsonPath() cannot read the path \"$..sku\" at character 3: only .name, [number] and ['name'] steps are supported, no wildcards or filters."),
        arguments("jsonPath(trigger, \"$.items[?(@.qty > 1)]\")", "expression_runtime",
            "jsonPath() cannot read the path \"$.items[?(@.qty > 1)]\" at character 9: only .name, [number] and ['name'] steps are supported, no wildcards or filters."));
  }

  @ParameterizedTest(name = "{0} is refused")
  @MethodSource("refusals")
  void shouldRefuseWrongArgumentsPlainly(String expression, String code, String message) {
    assertThatThrownBy(() -> EXPRESSIONS.evaluate(expression, scope()))
        .isInstanceOfSatisfying(ExpressionException.class, e -> {
          assertThat(e.getMessage()).isEqualTo(message);
          assertThat(e.code()).isEqualTo(code);
        });
  }
}
