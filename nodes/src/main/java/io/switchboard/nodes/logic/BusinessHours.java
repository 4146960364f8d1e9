package io.switchboard.nodes.logic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opening hours: the days open, one opening and one closing time on each, read in {@code zone}.
 * Closing comes after opening on the same day; at least one day is open.
 */
public record BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone) {

  public static final LocalTime DEFAULT_OPENS = LocalTime.of(9, 0);
  public static final LocalTime DEFAULT_CLOSES = LocalTime.of(17, 0);
  public static final Set<DayOfWeek> WEEKDAYS = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  public BusinessHours {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("No business day is set; pick at least one day of the week.");
    }
    if (!opens.isBefore(closes)) {
      throw new IllegalArgumentException("Closing time (" + closes + ") must come after opening time (" + opens + ").");
    }
    days = Set.copyOf(days);
  }

  /** Monday to Friday, 09:00 to 17:00. */
  public static BusinessHours standard(ZoneId zone) {
    return new BusinessHours(WEEKDAYS, DEFAULT_OPENS, DEFAULT_CLOSES, zone);
  }

  /** {@code now} when open at that moment; otherwise the next opening. */
  public Instant nextOpening(Instant now) {
    ZonedDateTime local = ZonedDateTime.ofInstant(now, zone);
    for (int day = 0; day < 8; day++) {
      ZonedDateTime date = local.plusDays(day);
      if (!days.contains(date.getDayOfWeek())) {
        continue;
      }
      ZonedDateTime open = date.with(opens);
      ZonedDateTime close = date.with(closes);
      if (day == 0 && !local.isBefore(open) && local.isBefore(close)) {
        return now;
      }
      if (local.isBefore(open)) {
        return open.toInstant();
      }
    }
    throw new IllegalStateException("an open day recurs within a week"); // unreachable: days is never empty
  }
}
