package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.logic.BusinessHours;
import io.switchboard.nodes.logic.WorkspaceHours;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
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
 * The workspace's business hours: the days it is open and one opening and closing time, in its time
 * zone; Monday to Friday 09:00–17:00 until an admin changes them. Waits for business hours use them
 * when a step sets none of its own. Changes are audited.
 */
@Component
public class WorkspaceBusinessHours implements WorkspaceHours {

  private final TenantDatabase db;
  private final AuditLog audit;
  private final Clock clock;

  public WorkspaceBusinessHours(TenantDatabase db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  /** Hours as the API and the settings page show and take them: lower-case English day names, 24-hour times. */
  public record Hours(List<String> days, String opens, String closes) {}

  /** The hours as shown: {@code standard} is true while the workspace has not set its own. */
  public record Shown(List<String> days, String opens, String closes, boolean standard) {
    public Hours hours() {
      return new Hours(days, opens, closes);
    }
  }

  @Override
  public Optional<BusinessHours> of(TenantId tenant) {
    return Optional.of(db.inTenant(tenant, tx -> {
      ZoneId zone = zone(tx.select(TENANTS.TIMEZONE).from(TENANTS).where(TENANTS.ID.eq(tenant.value())).fetchOne(TENANTS.TIMEZONE));
      return tx.selectFrom(BUSINESS_HOURS).where(BUSINESS_HOURS.TENANT_ID.eq(tenant.value())).fetchOptional()
          .map(r -> new BusinessHours(days(r.getWeekdays()), r.getOpensAt(), r.getClosesAt(), zone))
          .orElseGet(() -> BusinessHours.standard(zone));
    }));
  }

  public Shown read(TenantId tenant) {
    boolean saved = db.inTenant(tenant, tx -> tx.fetchExists(BUSINESS_HOURS, BUSINESS_HOURS.TENANT_ID.eq(tenant.value())));
    BusinessHours hours = of(tenant).orElseThrow();
    return new Shown(hours.days().stream().sorted(Comparator.naturalOrder()).map(WorkspaceBusinessHours::name).toList(),
        hours.opens().toString(), hours.closes().toString(), !saved);
  }

  /** Checks hours as sent, saying in words what to fix; the zone is only a placeholder here. */
  public static BusinessHours validate(Hours hours) {
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
    LocalTime opens = time(hours.opens(), "invalid_opening_time", "opening");
    LocalTime closes = time(hours.closes(), "invalid_closing_time", "closing");
    if (!opens.isBefore(closes)) {
      throw ApiException.badRequest("closes_before_opens", "The closing time (" + closes + ") must be later than the "
          + "opening time (" + opens + ") on the same day.");
    }
    return new BusinessHours(days, opens, closes, ZoneOffset.UTC);
  }

  /** An admin sets the workspace's hours; answers them as now shown. */
  public Shown change(SwitchboardUser user, Hours requested) {
    user.require(Role.ADMIN, "change the workspace's business hours");
    BusinessHours hours = validate(requested);
    Integer[] weekdays = hours.days().stream().sorted().map(DayOfWeek::getValue).toArray(Integer[]::new);
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(user.tenantId(), tx -> {
      tx.insertInto(BUSINESS_HOURS)
          .set(BUSINESS_HOURS.TENANT_ID, user.tenantId().value())
          .set(BUSINESS_HOURS.WEEKDAYS, weekdays)
          .set(BUSINESS_HOURS.OPENS_AT, hours.opens())
          .set(BUSINESS_HOURS.CLOSES_AT, hours.closes())
          .set(BUSINESS_HOURS.UPDATED_AT, now)
          .set(BUSINESS_HOURS.UPDATED_BY, user.userId())
          .onConflict(BUSINESS_HOURS.TENANT_ID).doUpdate()
          .set(BUSINESS_HOURS.WEEKDAYS, weekdays)
          .set(BUSINESS_HOURS.OPENS_AT, hours.opens())
          .set(BUSINESS_HOURS.CLOSES_AT, hours.closes())
          .set(BUSINESS_HOURS.UPDATED_AT, now)
          .set(BUSINESS_HOURS.UPDATED_BY, user.userId())
          .execute();
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("days", java.util.Arrays.stream(weekdays).map(d -> name(DayOfWeek.of(d))).toList());
      details.put("opens", hours.opens().toString());
      details.put("closes", hours.closes().toString());
      audit.record(tx, user, "tenant.business_hours_changed", "tenant", user.tenantId().toString(), details);
    });
    return read(user.tenantId());
  }

  static String name(DayOfWeek day) {
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

  private static LocalTime time(String text, String code, String which) {
    String clean = text == null ? "" : text.strip();
    if (clean.isEmpty()) {
      throw ApiException.badRequest(code, "Give the " + which + " time, such as " + ("opening".equals(which) ? "09:00" : "17:00") + ".");
    }
    try {
      if (!clean.matches("\\d{1,2}:\\d{2}")) {
        throw new DateTimeParseException("not HH:mm", clean, 0);
      }
      return LocalTime.parse(clean.length() == 4 ? "0" + clean : clean);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(code, "\"" + clean + "\" is not a time; write the " + which
          + " time on the 24-hour clock, such as " + ("opening".equals(which) ? "09:00" : "17:30") + ".");
    }
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
