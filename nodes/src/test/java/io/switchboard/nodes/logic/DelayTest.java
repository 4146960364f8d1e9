package io.switchboard.nodes.logic;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DelayTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final Delay.Config WEEKDAYS_9_TO_5 = new Delay.Config("next_business_hour", null, null, "09:00", "17:00", null);

  @Test
  void shouldContinueAtOnceDuringBusinessHours() {
    ZonedDateTime tuesdayNoon = ZonedDateTime.of(2026, 3, 3, 12, 0, 0, 0, NEW_YORK);
    assertThat(Delay.nextBusinessHour(tuesdayNoon, WEEKDAYS_9_TO_5)).isEqualTo(tuesdayNoon.toInstant());
  }

  @Test
  void shouldWaitForTheMorningAfterHours() {
    ZonedDateTime tuesdayEvening = ZonedDateTime.of(2026, 3, 3, 19, 30, 0, 0, NEW_YORK);
    assertThat(Delay.nextBusinessHour(tuesdayEvening, WEEKDAYS_9_TO_5))
        .isEqualTo(ZonedDateTime.of(2026, 3, 4, 9, 0, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void shouldSkipTheWeekendInTheWorkflowsTimeZone() {
    ZonedDateTime fridayNight = ZonedDateTime.of(2026, 3, 6, 23, 0, 0, 0, NEW_YORK);
    assertThat(Delay.nextBusinessHour(fridayNight, WEEKDAYS_9_TO_5))
        .isEqualTo(ZonedDateTime.of(2026, 3, 9, 9, 0, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void shouldHonourCustomOpeningDays() {
    Delay.Config saturdaysOnly = new Delay.Config("next_business_hour", null, null, "10:00", "14:00", List.of(6));
    ZonedDateTime monday = ZonedDateTime.of(2026, 3, 2, 8, 0, 0, 0, NEW_YORK);
    assertThat(Delay.nextBusinessHour(monday, saturdaysOnly))
        .isEqualTo(ZonedDateTime.of(2026, 3, 7, 10, 0, 0, 0, NEW_YORK).toInstant());
  }
}
