package io.switchboard.app.ui;

import io.switchboard.app.account.TeamService;
import io.switchboard.app.account.WorkspaceBusinessHours;
import io.switchboard.app.flags.WorkspaceFlags;
import io.switchboard.app.security.CurrentUser;
import io.switchboard.ui.settings.SettingsPort;
import org.springframework.stereotype.Service;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The settings page's side of {@link TeamService}, {@link WorkspaceBusinessHours} and
 * {@link WorkspaceFlags}: the same rules as the users, tenant and flags endpoints.
 */
@Service
public class UiSettingsAdapter implements SettingsPort {

  private final TeamService team;
  private final WorkspaceBusinessHours hours;
  private final WorkspaceFlags flags;

  public UiSettingsAdapter(TeamService team, WorkspaceBusinessHours hours, WorkspaceFlags flags) {
    this.team = team;
    this.hours = hours;
    this.flags = flags;
  }

  @Override
  public BusinessHours businessHours() {
    return shown(hours.read(CurrentUser.require().tenantId()));
  }

  @Override
  public BusinessHours setBusinessHours(Set<DayOfWeek> days, Optional<LocalTime> opens, Optional<LocalTime> closes,
                                        Map<DayOfWeek, DayHours> byDay) {
    List<String> names = days.stream().sorted().map(WorkspaceBusinessHours::name).toList();
    Map<String, WorkspaceBusinessHours.DayHours> other = new java.util.LinkedHashMap<>();
    byDay.forEach((day, h) -> other.put(WorkspaceBusinessHours.name(day), new WorkspaceBusinessHours.DayHours(text(h.opens()), text(h.closes()))));
    return Refusals.call(() -> shown(hours.change(CurrentUser.require(),
        new WorkspaceBusinessHours.Hours(names, text(opens), text(closes), other))));
  }

  private static String text(Optional<LocalTime> time) {
    return time.map(LocalTime::toString).orElse("");
  }

  @Override
  public List<Feature> features() {
    return flags.list(CurrentUser.require()).stream().filter(WorkspaceFlags.FlagView::tenantSettable)
        .map(UiSettingsAdapter::feature).toList();
  }

  @Override
  public Feature setFeature(String key, boolean enabled) {
    return Refusals.call(() -> feature(flags.set(CurrentUser.require(), key, enabled)));
  }

  private static Feature feature(WorkspaceFlags.FlagView f) {
    return new Feature(f.key(), f.description(), f.enabled(), f.forced(), f.reason());
  }

  private static BusinessHours shown(WorkspaceBusinessHours.Shown s) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    s.days().forEach(d -> days.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT))));
    Map<DayOfWeek, DayHours> byDay = new java.util.EnumMap<>(DayOfWeek.class);
    s.byDay().forEach((day, h) -> byDay.put(DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT)),
        new DayHours(Optional.of(LocalTime.parse(h.opens())), Optional.of(LocalTime.parse(h.closes())))));
    return new BusinessHours(days, LocalTime.parse(s.opens()), LocalTime.parse(s.closes()), byDay, s.standard());
  }

  @Override
  public String timezone() {
    return team.timezone(CurrentUser.require());
  }

  @Override
  public void setTimezone(String zone) {
    Refusals.run(() -> team.setTimezone(CurrentUser.require(), zone));
  }

  @Override
  public List<Member> members() {
    return team.list(CurrentUser.require()).stream().map(UiSettingsAdapter::member).toList();
  }

  @Override
  public Member add(String email, String displayName, String role, String firstPassword) {
    return Refusals.call(() -> member(team.add(CurrentUser.require(), email, displayName, role, firstPassword).member()));
  }

  @Override
  public void changeRole(UUID memberId, String role) {
    Refusals.run(() -> team.changeRole(CurrentUser.require(), memberId, role));
  }

  @Override
  public void remove(UUID memberId) {
    Refusals.run(() -> team.remove(CurrentUser.require(), memberId));
  }

  private static Member member(TeamService.Member m) {
    return new Member(m.id(), m.email(), m.displayName(), m.role(), m.status(), m.lastLoginAt());
  }
}
