package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.logic.BusinessHours;
import io.switchboard.nodes.logic.WorkspaceHours;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.switchboard.schema.jooq.Tables.BUSINESS_HOURS;
import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * The workspace's business hours: the days it is open, its usual opening and closing time, and the
 * days whose hours differ ({@code byDay}: Saturday 10:00 to 14:00), in its time zone; Monday to
 * Friday 09:00–17:00 until an admin changes them. Waits for business hours use them when a step
 * sets none of its own. Changes are audited.
 */
@Component
public class WorkspaceBusinessHours implements WorkspaceHours {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;
  private final AuditLog audit;
  private final Clock clock;

  public WorkspaceBusinessHours(TenantDatabase db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** One day's hours, 24-hour times. */
  public record DayHours(String opens, String closes) {}

  /**
   * Hours as the API and the settings page show and take them: lower-case English day names,
   * 24-hour times; {@code byDay} holds the open days whose hours are not the usual ones.
   */
  public record Hours(List<String> days, String opens, String closes, Map<String, DayHours> byDay) {
    public Hours {
      byDay = byDay == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byDay));
    }
  }

  /** The hours as shown: {@code standard} is true while the workspace has not set its own. */
  public record Shown(List<String> days, String opens, String closes, Map<String, DayHours> byDay, boolean standard) {}

  /** Checked hours: the usual ones on {@code days}, and those of the days that differ. */
  public record Checked(Set<DayOfWeek> days, BusinessHours.Span usual, Map<DayOfWeek, BusinessHours.Span> byDay) {

    /** The week these make, in {@code zone}. */
    public BusinessHours in(ZoneId zone) {
      Map<DayOfWeek, BusinessHours.Span> week = new EnumMap<>(DayOfWeek.class);
      days.forEach(d -> week.put(d, byDay.getOrDefault(d, usual)));
      return new BusinessHours(week, zone);
    }

    Shown shown(boolean standard) {
      Map<String, DayHours> other = new LinkedHashMap<>();
      byDay.forEach((d, span) -> other.put(name(d), new DayHours(span.opens().toString(), span.closes().toString())));
      return new Shown(days.stream().sorted(Comparator.naturalOrder()).map(WorkspaceBusinessHours::name).toList(),
          usual.opens().toString(), usual.closes().toString(), other, standard);
    }
  }

  private static final Checked STANDARD = new Checked(BusinessHours.WEEKDAYS,
      new BusinessHours.Span(BusinessHours.DEFAULT_OPENS, BusinessHours.DEFAULT_CLOSES), Map.of());

  @Override
  public Optional<BusinessHours> of(TenantId tenant) {
    return Optional.of(db.inTenant(tenant, tx -> {
      ZoneId zone = zone(tx.select(TENANTS.TIMEZONE).from(TENANTS).where(TENANTS.ID.eq(tenant.value())).fetchOne(TENANTS.TIMEZONE));
      return stored(tx, tenant).orElse(STANDARD).in(zone);
    }));
  }

  public Shown read(TenantId tenant) {
    return db.inTenant(tenant, tx -> stored(tx, tenant).map(c -> c.shown(false)).orElseGet(() -> STANDARD.shown(true)));
  }

  private static Optional<Checked> stored(org.jooq.DSLContext tx, TenantId tenant) {
    return tx.selectFrom(BUSINESS_HOURS).where(BUSINESS_HOURS.TENANT_ID.eq(tenant.value())).fetchOptional()
        .map(r -> new Checked(days(r.getWeekdays()), new BusinessHours.Span(r.getOpensAt(), r.getClosesAt()),
            byDay(r.getByDay())));
  }

  /** Checks hours as sent, saying in words what to fix. */
  public static Checked validate(Hours hours) {
    if (hours == null) {
      throw ApiException.badRequest("invalid_business_hours", "Send the open days, the opening time and the closing time, "
          + "such as {\"days\": [\"monday\", \"friday\"], \"opens\": \"09:00\", \"closes\": \"17:00\"}.");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String day : hours.days() == null ? List.<String>of() : hours.days()) {
      days.add(day(day));
    }
    if (days.isEmpty()) {
      throw ApiException.badRequest("no_business_days", "Pick at least one day the workspace is open.");
    }
    BusinessHours.Span usual = span(hours.opens(), hours.closes(), "");
    Map<DayOfWeek, BusinessHours.Span> byDay = new EnumMap<>(DayOfWeek.class);
    Set<DayOfWeek> given = EnumSet.noneOf(DayOfWeek.class);
    for (Map.Entry<String, DayHours> e : hours.byDay().entrySet()) {
      DayOfWeek day = day(e.getKey());
      String label = day.getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
      if (!given.add(day)) { // "sat" and "saturday" both
        throw ApiException.badRequest("business_day_repeated", label + ": its own hours are given twice; give them once.");
      }
      if (!days.contains(day)) {
        throw ApiException.badRequest("business_day_closed", label + ": it has its own hours but is not an open day; "
            + "add it to the open days, or remove its hours.");
      }
      if (e.getValue() == null) {
        throw ApiException.badRequest("invalid_business_hours", "Give " + label + "'s opening and closing time.");
      }
      BusinessHours.Span own = span(e.getValue().opens(), e.getValue().closes(), label + ": ");
      if (!own.equals(usual)) {
        byDay.put(day, own);
      }
    }
    return new Checked(days, usual, byDay);
  }

  private static BusinessHours.Span span(String opensText, String closesText, String which) {
    LocalTime opens = time(opensText, "invalid_opening_time", "opening", which);
    LocalTime closes = time(closesText, "invalid_closing_time", "closing", which);
    if (!opens.isBefore(closes)) {
      throw ApiException.badRequest("closes_before_opens", which + "The closing time (" + closes + ") must be later than the "
          + "opening time (" + opens + ") on the same day.");
    }
    return new BusinessHours.Span(opens, closes);
  }

  /** An admin sets the workspace's hours; answers them as now shown. */
  public Shown change(SwitchboardUser user, Hours requested) {
    user.require(Role.ADMIN, "change the workspace's business hours");
    Checked hours = validate(requested);
    Integer[] weekdays = hours.days().stream().sorted().map(DayOfWeek::getValue).toArray(Integer[]::new);
    Shown shown = hours.shown(false);
    JSONB byDay = JSONB.valueOf(JSON.writeValueAsString(shown.byDay()));
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(user.tenantId(), tx -> {
      tx.insertInto(BUSINESS_HOURS)
          .set(BUSINESS_HOURS.TENANT_ID, user.tenantId().value())
          .set(BUSINESS_HOURS.WEEKDAYS, weekdays)
          .set(BUSINESS_HOURS.OPENS_AT, hours.usual().opens())
          .set(BUSINESS_HOURS.CLOSES_AT, hours.usual().closes())
          .set(BUSINESS_HOURS.BY_DAY, byDay)
          .set(BUSINESS_HOURS.UPDATED_AT, now)
          .set(BUSINESS_HOURS.UPDATED_BY, user.userId())
          .onConflict(BUSINESS_HOURS.TENANT_ID).doUpdate()
          .set(BUSINESS_HOURS.WEEKDAYS, weekdays)
          .set(BUSINESS_HOURS.OPENS_AT, hours.usual().opens())
          .set(BUSINESS_HOURS.CLOSES_AT, hours.usual().closes())
          .set(BUSINESS_HOURS.BY_DAY, byDay)
          .set(BUSINESS_HOURS.UPDATED_AT, now)
          .set(BUSINESS_HOURS.UPDATED_BY, user.userId())
          .execute();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("days", shown.days());
      details.put("opens", shown.opens());
      details.put("closes", shown.closes());
      if (!shown.byDay().isEmpty()) {
        details.put("byDay", shown.byDay());
      }
      audit.record(tx, user, "tenant.business_hours_changed", "tenant", user.tenantId().toString(), details);
    });
    return read(user.tenantId());
  }

  /** A day as the API writes it: {@code saturday}. */
  public static String name(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }

  private static DayOfWeek day(String text) {
    String clean = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (!clean.isEmpty() && (d.name().equals(clean) || (clean.length() == 3 && d.name().startsWith(clean)))) {
        return d;
      }
    }
    throw ApiException.badRequest("invalid_business_day", "\"" + (text == null ? "" : text.strip())
        + "\" is not a day of the week; use monday, tuesday, wednesday, thursday, friday, saturday or sunday.");
  }

  private static LocalTime time(String text, String code, String which, String day) {
    String clean = text == null ? "" : text.strip();
    String example = "opening".equals(which) ? "09:00" : "17:00";
    if (clean.isEmpty()) {
      throw ApiException.badRequest(code, day + "Give the " + which + " time, such as " + example + ".");
    }
    try {
      if (!clean.matches("\\d{1,2}:\\d{2}")) {
        throw new DateTimeParseException("not HH:mm", clean, 0);
      }
      return LocalTime.parse(clean.length() == 4 ? "0" + clean : clean);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(code, day + "\"" + clean + "\" is not a time; write the " + which
          + " time on the 24-hour clock, such as " + ("opening".equals(which) ? "09:00" : "17:30") + ".");
    }
  }

  // {"saturday": {"opens": "10:00", "closes": "14:00"}} as stored (written by change, so well-formed)
  private static Map<DayOfWeek, BusinessHours.Span> byDay(JSONB stored) {
    Map<DayOfWeek, BusinessHours.Span> byDay = new EnumMap<>(DayOfWeek.class);
    if (stored == null) {
      return byDay;
    }
    JsonNode root = JSON.readTree(stored.data());
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      byDay.put(DayOfWeek.valueOf(e.getKey().toUpperCase(Locale.ROOT)), new BusinessHours.Span(
          LocalTime.parse(e.getValue().path("opens").asString()), LocalTime.parse(e.getValue().path("closes").asString())));
    }
    return byDay;
  }

  private static Set<DayOfWeek> days(Integer[] weekdays) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Integer d : weekdays) {
      days.add(DayOfWeek.of(d));
    }
    return days;
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id == null ? "UTC" : id);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }
}
