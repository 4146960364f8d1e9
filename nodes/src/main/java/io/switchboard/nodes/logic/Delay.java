package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.engine.spi.WaitSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.catalog.Durations;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Waits, holding no thread: for a duration ("2d"), until a moment (an ISO date-time, often
 * computed: {@code {{ trigger.body.appointment }}}), or until the next business hour in the
 * workflow's time zone. The execution sleeps in the database and resumes on time.
 */
public final class Delay extends BasicNodeType<Delay.Config> {

  public static final String KEY = "logic.delay@1";

  /**
   * @param mode      {@code duration}, {@code until} or {@code next_business_hour}
   * @param duration  for {@code duration}: 2d, 3h, 15m, 30s or ISO-8601
   * @param until     for {@code until}: an ISO date-time
   * @param opensAt   business hours start (default 09:00), for {@code next_business_hour}
   * @param closesAt  business hours end (default 17:00)
   * @param weekdays  open days, 1 = Monday … 7 = Sunday (default Monday to Friday)
   */
  public record Config(
      @FieldInfo(title = "Wait", kind = FieldKind.SELECT, options = {"duration", "until", "next_business_hour"})
      String mode,
      @FieldInfo(title = "For", help = "2d, 3h, 15m or 30s", kind = FieldKind.DURATION) String duration,
      @FieldInfo(title = "Until", help = "A date and time, often from earlier data: {{ trigger.body.appointment }}",
          kind = FieldKind.TEMPLATE) String until,
      @FieldInfo(title = "Opens at", placeholder = "09:00") String opensAt,
      @FieldInfo(title = "Closes at", placeholder = "17:00") String closesAt,
      @FieldInfo(title = "Open days", help = "1 = Monday … 7 = Sunday", kind = FieldKind.LIST) List<Integer> weekdays) {
    public Config {
      mode = mode == null || mode.isBlank() ? "duration" : mode;
      opensAt = opensAt == null || opensAt.isBlank() ? "09:00" : opensAt;
      closesAt = closesAt == null || closesAt.isBlank() ? "17:00" : closesAt;
      weekdays = weekdays == null || weekdays.isEmpty() ? List.of(1, 2, 3, 4, 5) : List.copyOf(weekdays);
    }
  }

  public Delay() {
    super(Config.class, describe(KEY, "Wait", "Logic",
        "Pauses the workflow for a while, until a date, or until business hours; it resumes on time.",
        NodeKind.ACTION, Set.of(), Set.of(), Set.of("duration", "until")), List.of(PortSpec.of("out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    if (context.resumption().isPresent()) {
      return NodeResult.emit("out", context.input());
    }
    Instant now = context.clock().instant();
    try {
      Instant at = switch (config.mode()) {
        case "duration" -> now.plus(Durations.parse(config.duration()));
        case "until" -> parseMoment(config.until());
        case "next_business_hour" -> nextBusinessHour(ZonedDateTime.ofInstant(now, context.zone()), config);
        default -> throw new IllegalArgumentException("The wait mode '" + config.mode()
            + "' is not one of: duration, until, next_business_hour.");
      };
      if (!at.isAfter(now)) {
        return NodeResult.emit("out", context.input());
      }
      return new NodeResult.Wait(new WaitSpec.Until(at), context.input());
    } catch (IllegalArgumentException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
  }

  static Instant parseMoment(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("No date and time to wait until.");
    }
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text.trim());
      } catch (DateTimeParseException again) {
        throw new IllegalArgumentException("'" + text + "' is not a date and time such as 2026-12-01T09:00:00Z.");
      }
    }
  }

  /** The start of the next open hour: now, if open now; else the next opening. */
  static Instant nextBusinessHour(ZonedDateTime now, Config config) {
    LocalTime opens;
    LocalTime closes;
    try {
      opens = LocalTime.parse(config.opensAt());
      closes = LocalTime.parse(config.closesAt());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Business hours are written as 09:00 and 17:00.");
    }
    for (int day = 0; day < 8; day++) {
      ZonedDateTime date = now.plusDays(day);
      if (!config.weekdays().contains(date.getDayOfWeek().getValue())) {
        continue;
      }
      ZonedDateTime open = date.with(opens);
      ZonedDateTime close = date.with(closes);
      if (day == 0 && !now.isBefore(open) && now.isBefore(close)) {
        return now.toInstant();
      }
      if (now.isBefore(open)) {
        return open.toInstant();
      }
    }
    throw new IllegalArgumentException("No business day is set; pick at least one of " + List.of(DayOfWeek.values()) + ".");
  }
}
