package io.switchboard.app.web;

import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** A month given to the API as {@code 2026-11}; none given means the current one. */
public final class MonthParameter {

  private MonthParameter() {}

  public static YearMonth parse(String text, Supplier<YearMonth> current) {
    if (text == null || text.isBlank()) {
      return current.get();
    }
    try {
      return YearMonth.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("invalid_month", "Write the month as 2026-11.");
    }
  }
}
