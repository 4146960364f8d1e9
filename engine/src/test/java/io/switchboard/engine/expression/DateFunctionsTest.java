package io.switchboard.engine.expression;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static io.switchboard.engine.expression.SampleScope.PARIS;
import static io.switchboard.engine.expression.SampleScope.json;
import static io.switchboard.engine.expression.SampleScope.scope;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scope's clock reads Sunday 10 March 2024, 08:30 UTC, which is 09:30 in Paris. */
class DateFunctionsTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private final Expressions expressions = Expressions.withDefaults();

  private String text(String expression, ZoneId zone) throws ExpressionException {
    return expressions.evaluate(expression, scope(zone)).stringValue();
  }

  @Test
  void shouldReadNowFromTheScopeNotTheWallClock() throws Exception {
    assertThat(text("now()", ZoneOffset.UTC)).isEqualTo("2024-03-10T08:30:00Z");
    assertThat(text("now()", PARIS)).isEqualTo("2024-03-10T09:30:00+01:00");
    ExpressionScope later = ExpressionScope.empty(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    assertThat(expressions.evaluate("now()", later)).isEqualTo(json("'2030-01-01T00:00:00Z'"));
  }

  @Test
  void shouldFormatDatesInTheScopeZone() throws Exception {
    assertThat(text("formatDate(now(), 'yyyy-MM-dd HH:mm')", PARIS)).isEqualTo("2024-03-10 09:30");
    assertThat(text("formatDate(now(), 'yyyy-MM-dd HH:mm')", NEW_YORK)).isEqualTo("2024-03-10 04:30");
    assertThat(text("formatDate(now(), 'EEEE d MMMM', 'Asia/Tokyo')", PARIS)).isEqualTo("Sunday 10 March");
    assertThat(text("formatDate(now(), 'HH:mm', 'America/New_York')", PARIS)).isEqualTo("04:30");
    assertThat(text("formatDate(trigger.body.created_at, \"dd/MM 'at' HH:mm\")", PARIS)).isEqualTo("09/03 at 23:15");
  }

  @Test
  void shouldGiveHourAndDayOfWeekInTheScopeZone() throws Exception {
    // 22:15 UTC on Saturday is 23:15 Saturday in Paris and 00:15 Sunday in Tokyo.
    assertThat(expressions.evaluate("hour(trigger.body.created_at)", scope(PARIS))).isEqualTo(json("23"));
    assertThat(expressions.evaluate("dayOfWeek(trigger.body.created_at)", scope(PARIS))).isEqualTo(json("6"));
    assertThat(expressions.evaluate("dayOfWeek(trigger.body.created_at)", scope(ZoneId.of("Asia/Tokyo")))).isEqualTo(json("7"));
    assertThat(expressions.test("dayOfWeek(now()) >= 6 || hour(now()) < 8", scope(PARIS))).isTrue();
  }

  @Test
  void shouldFindTheStartOfTheDayInTheScopeZone() throws Exception {
    assertThat(text("startOfDay(now())", PARIS)).isEqualTo("2024-03-10T00:00:00+01:00");
    assertThat(text("startOfDay(now())", ZoneOffset.UTC)).isEqualTo("2024-03-10T00:00:00Z");
  }

  @ParameterizedTest(name = "addDuration(now(), \"{0}\") = {1}")
  @CsvSource({
      "15m, 2024-03-10T09:45:00+01:00",
      "3h, 2024-03-10T12:30:00+01:00",
      "2d, 2024-03-12T09:30:00+01:00",
      "1w, 2024-03-17T09:30:00+01:00",
      "1h30m, 2024-03-10T11:00:00+01:00",
      "-45 minutes, 2024-03-10T08:45:00+01:00",
      "2 days 3 hours, 2024-03-12T12:30:00+01:00",
      "90s, 2024-03-10T09:31:30+01:00",
      "500ms, 2024-03-10T09:30:00.5+01:00",
      "PT15M, 2024-03-10T09:45:00+01:00",
      "P1D, 2024-03-11T09:30:00+01:00",
      "P1M, 2024-04-10T09:30:00+02:00",
      "-P1D, 2024-03-09T09:30:00+01:00"})
  void shouldAddDurations(String amount, String expected) throws Exception {
    assertThat(text("addDuration(now(), '" + amount + "')", PARIS)).isEqualTo(expected);
  }

  @Test
  void shouldAddCalendarDaysAcrossADaylightSavingChange() throws Exception {
    // Paris moves its clocks forward on 31 March 2024: a day later is still 09:30, 23 hours on.
    ExpressionScope beforeChange = ExpressionScope.empty(Instant.parse("2024-03-30T08:30:00Z"), PARIS);
    assertThat(expressions.evaluate("addDuration(now(), '1d')", beforeChange)).isEqualTo(json("'2024-03-31T09:30:00+02:00'"));
    assertThat(expressions.evaluate("addDuration(now(), '24h')", beforeChange)).isEqualTo(json("'2024-03-31T10:30:00+02:00'"));
    assertThat(expressions.evaluate("addDuration(now(), duration('24h'))", beforeChange)).isEqualTo(json("'2024-03-31T10:30:00+02:00'"));
  }

  @Test
  void shouldParseDatesWithAndWithoutOffsets() throws Exception {
    assertThat(text("parseDate('2024-05-01T09:30:00Z')", PARIS)).isEqualTo("2024-05-01T11:30:00+02:00");
    assertThat(text("parseDate('2024-05-01T09:30:00-04:00')", PARIS)).isEqualTo("2024-05-01T15:30:00+02:00");
    assertThat(text("parseDate('2024-05-01T09:30')", PARIS)).isEqualTo("2024-05-01T09:30:00+02:00");
    assertThat(text("parseDate('2024-05-01 09:30')", NEW_YORK)).isEqualTo("2024-05-01T09:30:00-04:00");
    assertThat(text("parseDate('2024-05-01')", PARIS)).isEqualTo("2024-05-01T00:00:00+02:00");
    assertThat(text("parseDate('01/05/2024 9h30', 'dd/MM/yyyy H\\'h\\'mm')", PARIS)).isEqualTo("2024-05-01T09:30:00+02:00");
    assertThat(text("parseDate('01/05/2024', 'dd/MM/yyyy')", PARIS)).isEqualTo("2024-05-01T00:00:00+02:00");
  }

  @Test
  void shouldCompareDates() throws Exception {
    assertThat(expressions.test("parseDate(trigger.body.created_at) < now()", scope())).isTrue();
    assertThat(expressions.test("now() - parseDate(trigger.body.created_at) > duration('10h')", scope())).isTrue();
    assertThat(expressions.test("addDuration(now(), '1d') > now()", scope())).isTrue();
    assertThat(expressions.evaluate("max([now(), parseDate('2030-01-01')])", scope(ZoneOffset.UTC)))
        .isEqualTo(json("'2030-01-01T00:00:00Z'"));
  }

  @Test
  void shouldRefuseUnreadableDatesPatternsAndAmounts() {
    assertThatThrownBy(() -> expressions.evaluate("parseDate('next tuesday')", scope()))
        .hasMessage("parseDate() could not read \"next tuesday\" as a date. Use a form like 2024-05-01, "
            + "2024-05-01T09:30 or 2024-05-01T09:30:00Z.");
    assertThatThrownBy(() -> expressions.evaluate("formatDate(now(), 'yyyy-MM-dd {x}')", scope()))
        .hasMessageStartingWith("formatDate() cannot use \"yyyy-MM-dd {x}\" as a date pattern.");
    assertThatThrownBy(() -> expressions.evaluate("formatDate(now(), 'HH:mm', 'Mars/Olympus')", scope()))
        .hasMessage("formatDate() does not know the time zone \"Mars/Olympus\". Use a name like Europe/Paris or UTC.");
    assertThatThrownBy(() -> expressions.evaluate("addDuration(now(), 'soon')", scope()))
        .hasMessage("addDuration() could not read \"soon\" as an amount of time. Use a form like 15m, 3h, 2d, 1w, 1h30m or PT15M.");
    assertThatThrownBy(() -> expressions.evaluate("addDuration(now(), 'P999999999Y')", scope()))
        .hasMessage("addDuration() would give a date outside the supported range.");
    assertThatThrownBy(() -> expressions.evaluate("hour(42)", scope()))
        .isInstanceOfSatisfying(ExpressionException.class, e -> assertThat(e.code()).isEqualTo("expression_type"))
        .hasMessage("hour() needs a date, but got a whole number.");
  }
}
