package io.switchboard.ui.settings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The workspace's settings page: its time zone, business hours, features and its people with their
 * roles. Refusals throw {@link io.switchboard.ui.workspace.Refused}; for business hours the code names
 * what to fix ({@code no_business_days}, {@code invalid_opening_time}, {@code invalid_closing_time},
 * {@code closes_before_opens}, {@code business_day_closed}).
 */
public interface SettingsPort {

  String timezone();

  void setTimezone(String zone);

  BusinessHours businessHours();

  /**
   * Saves the workspace's hours: the usual ones on {@code days}, and {@code byDay} for open days
   * whose hours differ; a time is empty when its field holds no valid time. A refusal about one of
   * {@code byDay}'s days begins with the day's name ("Saturday: …").
   */
  BusinessHours setBusinessHours(Set<DayOfWeek> days, Optional<LocalTime> opens, Optional<LocalTime> closes,
                                 Map<DayOfWeek, DayHours> byDay);

  /** One day's opening and closing time. */
  record DayHours(Optional<LocalTime> opens, Optional<LocalTime> closes) {}

  /**
   * The days open, the usual opening and closing time and the days whose hours differ, in the
   * workspace's time zone; {@code standard}: never changed.
   */
  record BusinessHours(Set<DayOfWeek> days, LocalTime opens, LocalTime closes, Map<DayOfWeek, DayHours> byDay,
                       boolean standard) {}

  /** The features the platform lets the workspace switch, as decided for it now. */
  List<Feature> features();

  Feature setFeature(String key, boolean enabled);

  /**
   * {@code forced}: the platform decides it for this workspace whatever its switch says, and
   * {@code reason} says why; otherwise {@code reason} says who decided it.
   */
  record Feature(String key, String description, boolean enabled, boolean forced, String reason) {}

  List<Member> members();

  Member add(String email, String displayName, String role, String firstPassword);

  void changeRole(UUID memberId, String role);

  void remove(UUID memberId);

  record Member(UUID id, String email, String displayName, String role, String status, Optional<Instant> lastLoginAt) {}
}
