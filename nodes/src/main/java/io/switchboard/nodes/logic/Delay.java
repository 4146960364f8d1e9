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
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Waits, holding no thread: for a duration ("2d"), until a moment (an ISO date-time, often
 * computed: {@code {{ trigger.body.appointment }}}), or until the next business hour. Business hours
 * are the step's own when it sets opening or closing time or days (in the workflow's time zone),
 * otherwise the workspace's (Settings, in the workspace's time zone). The execution sleeps in the
 * database and resumes on time.
 */
public final class Delay extends BasicNodeType<Delay.Config> {

  public static final String KEY = "logic.delay@1";

  /**
   * @param mode      {@code duration}, {@code until} or {@code next_business_hour}
   * @param duration  for {@code duration}: 2d, 3h, 15m, 30s or ISO-8601
   * @param until     for {@code until}: an ISO date-time
   * @param opensAt   the step's own opening time (09:00 when only other parts are set); empty: the workspace's hours
   * @param closesAt  the step's own closing time (17:00 when only other parts are set)
   * @param weekdays  the step's own open days, 1 = Monday … 7 = Sunday (Monday to Friday when only times are set)
   */
  public record Config(
      @FieldInfo(title = "Wait", kind = FieldKind.SELECT, options = {"duration", "until", "next_business_hour"})
      String mode,
      @FieldInfo(title = "For", help = "2d, 3h, 15m or 30s", kind = FieldKind.DURATION) String duration,
      @FieldInfo(title = "Until", help = "A date and time, often from earlier data: {{ trigger.body.appointment }}",
          kind = FieldKind.TEMPLATE) String until,
      @FieldInfo(title = "Opens at", help = "Leave the hours and days empty to use the workspace's business hours (Settings)",
          placeholder = "09:00") String opensAt,
      @FieldInfo(title = "Closes at", placeholder = "17:00") String closesAt,
      @FieldInfo(title = "Open days", help = "1 = Monday … 7 = Sunday", kind = FieldKind.LIST) List<Integer> weekdays) {
    public Config {
      mode = mode == null || mode.isBlank() ? "duration" : mode;
      opensAt = opensAt == null || opensAt.isBlank() ? null : opensAt.strip();
      closesAt = closesAt == null || closesAt.isBlank() ? null : closesAt.strip();
      weekdays = weekdays == null || weekdays.isEmpty() ? null : List.copyOf(weekdays);
    }

    /** The step's own business hours in {@code zone}, when it sets any part of them. */
    Optional<BusinessHours> ownHours(ZoneId zone) {
      if (opensAt == null && closesAt == null && weekdays == null) {
        return Optional.empty();
      }
      LocalTime opens;
      LocalTime closes;
      try {
        opens = opensAt == null ? BusinessHours.DEFAULT_OPENS : LocalTime.parse(opensAt);
        closes = closesAt == null ? BusinessHours.DEFAULT_CLOSES : LocalTime.parse(closesAt);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("Business hours are written as 09:00 and 17:00.");
      }
      Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
      for (Integer day : weekdays == null ? List.of(1, 2, 3, 4, 5) : weekdays) {
        if (day == null || day < 1 || day > 7) {
          throw new IllegalArgumentException("Open days are numbers from 1 (Monday) to 7 (Sunday).");
        }
        days.add(DayOfWeek.of(day));
      }
      return Optional.of(new BusinessHours(days, opens, closes, zone));
    }
  }

  private final WorkspaceHours workspaceHours;

  /** Without workspace hours: a step that sets none waits for Monday to Friday 09:00–17:00. */
  public Delay() {
    this(WorkspaceHours.NONE);
  }

  public Delay(WorkspaceHours workspaceHours) {
    super(Config.class, describe(KEY, "Wait", "Logic",
        "Pauses the workflow for a while, until a date, or until business hours; it resumes on time.",
        NodeKind.ACTION, Set.of(), Set.of(), Set.of("duration", "until")), List.of(PortSpec.of("out")));
    this.workspaceHours = workspaceHours;
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
        case "next_business_hour" -> hoursFor(config, context).nextOpening(now);
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

  /** The step's own hours, else the workspace's, else Monday to Friday 09:00–17:00 in the workflow's time zone. */
  BusinessHours hoursFor(Config config, NodeContext context) {
    return config.ownHours(context.zone())
        .or(() -> workspaceHours.of(context.tenant()))
        .orElseGet(() -> BusinessHours.standard(context.zone()));
  }
}
