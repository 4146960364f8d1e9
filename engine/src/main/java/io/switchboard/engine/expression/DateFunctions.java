package io.switchboard.engine.expression;

import dev.cel.common.types.SimpleType;
import io.switchboard.engine.expression.ExpressionException.Kind;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.switchboard.engine.expression.Arguments.date;
import static io.switchboard.engine.expression.Arguments.text;

/**
 * Date functions. All of them work in the scope's time zone, read the clock only through the
 * scope's {@code now}, and accept a date or ISO-8601 text wherever they need a date. Days and
 * weeks added with addDuration() follow the calendar: adding "1d" at 09:00 gives 09:00 the next
 * day even across a daylight-saving change.
 */
final class DateFunctions {

  private static final int MAX_TEXT = 100;
  private static final Pattern SPACED_DATE_TIME = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:.*)");
  private static final Pattern AMOUNT_PART = Pattern.compile(
      "\\s*(\\d{1,9})\\s*(weeks?|w|days?|d|hours?|hrs?|h|milliseconds?|ms|minutes?|mins?|m|seconds?|secs?|s)\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final BoundedCache<String, DateTimeFormatter> PATTERNS = new BoundedCache<>(256);

  private DateFunctions() {}

  static void register(FunctionCatalog catalog) {
    catalog
        .clockGlobal("now", SimpleType.TIMESTAMP, 0, (a, now, zone) -> now)
        .clockGlobal("formatDate", SimpleType.STRING, 2,
            (a, now, zone) -> format(date("formatDate", a[0], zone), text("formatDate", a[1]), zone))
        .clockGlobal("formatDate", SimpleType.STRING, 3,
            (a, now, zone) -> format(date("formatDate", a[0], zone), text("formatDate", a[1]), zoneNamed(a[2])))
        .clockGlobal("parseDate", SimpleType.TIMESTAMP, 1, (a, now, zone) -> parse("parseDate", text("parseDate", a[0]), zone))
        .clockGlobal("parseDate", SimpleType.TIMESTAMP, 2,
            (a, now, zone) -> parseWithPattern(text("parseDate", a[0]), text("parseDate", a[1]), zone))
        .clockGlobal("addDuration", SimpleType.TIMESTAMP, 2,
            (a, now, zone) -> add(date("addDuration", a[0], zone), a[1], zone))
        .clockGlobal("startOfDay", SimpleType.TIMESTAMP, 1,
            (a, now, zone) -> date("startOfDay", a[0], zone).atZone(zone).toLocalDate().atStartOfDay(zone).toInstant())
        .clockGlobal("dayOfWeek", SimpleType.INT, 1,
            (a, now, zone) -> (long) date("dayOfWeek", a[0], zone).atZone(zone).getDayOfWeek().getValue())
        .clockGlobal("hour", SimpleType.INT, 1, (a, now, zone) -> (long) date("hour", a[0], zone).atZone(zone).getHour());
  }

  /**
   * ISO-8601 text as a date: with an offset ("2024-05-01T09:30:00+02:00", "...Z") it is exact;
   * without one ("2024-05-01T09:30", "2024-05-01 09:30") it is read in {@code zone}; a date alone
   * is the start of that day in {@code zone}.
   */
  static Instant parse(String function, String text, ZoneId zone) {
    String s = text.strip();
    if (s.length() <= MAX_TEXT) {
      Matcher spaced = SPACED_DATE_TIME.matcher(s);
      if (spaced.matches()) {
        s = spaced.group(1) + "T" + spaced.group(2);
      }
      try {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(s, ZonedDateTime::from, LocalDateTime::from);
        return parsed instanceof ZonedDateTime zoned ? zoned.toInstant() : ((LocalDateTime) parsed).atZone(zone).toInstant();
      } catch (DateTimeParseException notDateTime) {
        try {
          return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException notDate) {
          // fall through to the tenant-facing message
        }
      }
    }
    String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    throw Arguments.problem(function + "() could not read \"" + shown
        + "\" as a date. Use a form like 2024-05-01, 2024-05-01T09:30 or 2024-05-01T09:30:00Z.");
  }

  private static Instant parseWithPattern(String text, String pattern, ZoneId zone) {
    DateTimeFormatter formatter = formatter("parseDate", pattern);
    try {
      TemporalAccessor parsed = formatter.parseBest(text.strip(),
          ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from, LocalDate::from);
      return switch (parsed) {
        case ZonedDateTime zoned -> zoned.toInstant();
        case OffsetDateTime offset -> offset.toInstant();
        case LocalDateTime local -> local.atZone(zone).toInstant();
        case LocalDate day -> day.atStartOfDay(zone).toInstant();
        default -> throw new DateTimeException("unexpected " + parsed);
      };
    } catch (DateTimeException unreadable) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw Arguments.problem("parseDate() could not read \"" + shown + "\" with the pattern \"" + pattern + "\".");
    }
  }

  private static String format(Instant instant, String pattern, ZoneId zone) {
    return formatter("formatDate", pattern).format(instant.atZone(zone));
  }

  private static DateTimeFormatter formatter(String function, String pattern) {
    if (pattern.length() > MAX_TEXT) {
      throw Arguments.problem(function + "() patterns may be up to " + MAX_TEXT + " characters long.");
    }
    return PATTERNS.get(pattern, p -> {
      try {
        return DateTimeFormatter.ofPattern(p, Locale.ENGLISH);
      } catch (IllegalArgumentException invalid) {
        throw Arguments.problem(function + "() cannot use \"" + p
            + "\" as a date pattern. Use letters such as yyyy-MM-dd HH:mm, and put other text in 'single quotes'.");
      }
    });
  }

  private static ZoneId zoneNamed(Object name) {
    String text = text("formatDate", name);
    try {
      return ZoneId.of(text);
    } catch (DateTimeException unknown) {
      throw Arguments.problem("formatDate() does not know the time zone \"" + text + "\". Use a name like Europe/Paris or UTC.");
    }
  }

  /** Adds "2d", "3h", "1h30m", "-15 minutes", ISO-8601 ("PT15M", "P1D", "P1M") or a CEL duration. */
  private static Instant add(Instant start, Object amount, ZoneId zone) {
    try {
      if (amount instanceof Duration duration) {
        return start.plus(duration);
      }
      String spec = text("addDuration", amount).strip();
      if (spec.length() > MAX_TEXT) {
        throw unreadableAmount(spec);
      }
      boolean negative = spec.startsWith("-");
      String unsigned = negative || spec.startsWith("+") ? spec.substring(1).strip() : spec;
      if (unsigned.regionMatches(true, 0, "P", 0, 1)) {
        return addIso(start, unsigned.toUpperCase(Locale.ROOT), negative, zone);
      }
      return addShort(start, unsigned, negative, zone);
    } catch (DateTimeException | ArithmeticException outOfRange) {
      throw Arguments.problem("addDuration() would give a date outside the supported range.");
    }
  }

  private static Instant addIso(Instant start, String iso, boolean negative, ZoneId zone) {
    int sign = negative ? -1 : 1;
    try {
      Period period = Period.parse(iso).multipliedBy(sign);
      return start.atZone(zone).plus(period).toInstant();
    } catch (DateTimeParseException notPeriod) {
      try {
        return start.plus(Duration.parse(iso).multipliedBy(sign));
      } catch (DateTimeParseException notDuration) {
        throw unreadableAmount(iso);
      }
    }
  }

  private static Instant addShort(Instant start, String spec, boolean negative, ZoneId zone) {
    Matcher part = AMOUNT_PART.matcher(spec);
    ZonedDateTime result = start.atZone(zone);
    int sign = negative ? -1 : 1;
    int at = 0;
    while (at < spec.length()) {
      part.region(at, spec.length());
      if (!part.lookingAt()) {
        throw unreadableAmount(spec);
      }
      long count = sign * Long.parseLong(part.group(1));
      String unit = part.group(2).toLowerCase(Locale.ROOT);
      result = switch (unit.charAt(0)) {
        case 'w' -> result.plusWeeks(count);
        case 'd' -> result.plusDays(count);
        case 'h' -> result.plusHours(count);
        case 's' -> result.plusSeconds(count);
        default -> unit.startsWith("ms") || unit.startsWith("milli")
            ? result.plus(Duration.ofMillis(count))
            : result.plusMinutes(count);
      };
      at = part.end();
    }
    if (at == 0) {
      throw unreadableAmount(spec);
    }
    return result.toInstant();
  }

  private static ExpressionProblem unreadableAmount(String spec) {
    String shown = spec.length() > 40 ? spec.substring(0, 40) + "..." : spec;
    return new ExpressionProblem(Kind.RUNTIME, "addDuration() could not read \"" + shown
        + "\" as an amount of time. Use a form like 15m, 3h, 2d, 1w, 1h30m or PT15M.");
  }
}
