package io.switchboard.nodes.logic;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Opening hours: the days open, each with its opening and closing time, read in {@code zone}
 * (Saturday may open 10:00 to 14:00 while weekdays open 09:00 to 17:00). At least one day is open.
 */
public record BusinessHours(Map<DayOfWeek, Span> week, ZoneId zone) {

  public static final LocalTime DEFAULT_OPENS = LocalTime.of(9, 0);
  public static final LocalTime DEFAULT_CLOSES = LocalTime.of(17, 0);
  public static final Set<DayOfWeek> WEEKDAYS = Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  /** One day's hours: closing comes after opening on the same day. */
  public record Span(LocalTime opens, LocalTime closes) {
    public Span {
      if (!opens.isBefore(closes)) {
        throw new IllegalArgumentException("Closing time (" + closes + ") must come after opening time (" + opens + ").");
      }
    }
  }

  public BusinessHours {
    if (week.isEmpty()) {
      throw new IllegalArgumentException("No business day is set; pick at least one day of the week.");
    }
    week = Collections.unmodifiableMap(new EnumMap<>(week));
  }

  /** The same hours on each of {@code days}. */
  public BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, ZoneId zone) {
    this(sameEach(days, new Span(opens, closes)), zone);
  }

  private static Map<DayOfWeek, Span> sameEach(Set<DayOfWeek> days, Span span) {
    Map<DayOfWeek, Span> week = new EnumMap<>(DayOfWeek.class);
    days.forEach(d -> week.put(d, span));
    return week;
  }

  /** Monday to Friday, 09:00 to 17:00. */
  public static BusinessHours standard(ZoneId zone) {
    return new BusinessHours(WEEKDAYS, DEFAULT_OPENS, DEFAULT_CLOSES, zone);
  }

  /** The days open. */
  public Set<DayOfWeek> days() {
    return week.keySet();
  }

  /** {@code now} when open at that moment; otherwise the next opening. */
  public Instant nextOpening(Instant now) {
    ZonedDateTime local = ZonedDateTime.ofInstant(now, zone);
    for (int day = 0; day < 8; day++) {
      ZonedDateTime date = local.plusDays(day);
      Span span = week.get(date.getDayOfWeek());
      if (span == null) {
        continue;
      }
      ZonedDateTime open = date.with(span.opens());
      ZonedDateTime close = date.with(span.closes());
      if (day == 0 && !local.isBefore(open) && local.isBefore(close)) {
        return now;
      }
      if (local.isBefore(open)) {
        return open.toInstant();
      }
    }
    throw new IllegalStateException("an open day recurs within a week"); // unreachable: the week is never empty
  }
}
