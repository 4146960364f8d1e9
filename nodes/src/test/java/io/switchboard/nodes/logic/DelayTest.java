package io.switchboard.nodes.logic;

import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.WaitSpec;
import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.reflect.Proxy;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DelayTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId LISBON = ZoneId.of("Europe/Lisbon");
  private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-0000000000a1"));
  private static final Delay.Config WORKSPACE_HOURS = new Delay.Config("next_business_hour", null, null, null, null, null);

  @Test
  void shouldContinueAtOnceDuringBusinessHours() {
    ZonedDateTime tuesdayNoon = ZonedDateTime.of(2026, 3, 3, 12, 0, 0, 0, NEW_YORK);
    assertThat(BusinessHours.standard(NEW_YORK).nextOpening(tuesdayNoon.toInstant())).isEqualTo(tuesdayNoon.toInstant());
  }

  @Test
  void shouldWaitForTheMorningAfterHours() {
    ZonedDateTime tuesdayEvening = ZonedDateTime.of(2026, 3, 3, 19, 30, 0, 0, NEW_YORK);
    assertThat(BusinessHours.standard(NEW_YORK).nextOpening(tuesdayEvening.toInstant()))
        .isEqualTo(ZonedDateTime.of(2026, 3, 4, 9, 0, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void shouldKeepEachDaysOwnHours() {
    // weekdays 09:00 to 17:00, Saturday 10:00 to 14:00
    java.util.Map<DayOfWeek, BusinessHours.Span> week = new java.util.EnumMap<>(DayOfWeek.class);
    BusinessHours.WEEKDAYS.forEach(d -> week.put(d, new BusinessHours.Span(LocalTime.of(9, 0), LocalTime.of(17, 0))));
    week.put(DayOfWeek.SATURDAY, new BusinessHours.Span(LocalTime.of(10, 0), LocalTime.of(14, 0)));
    BusinessHours hours = new BusinessHours(week, NEW_YORK);
    ZonedDateTime fridayEvening = ZonedDateTime.of(2026, 3, 6, 18, 0, 0, 0, NEW_YORK);
    assertThat(hours.nextOpening(fridayEvening.toInstant())).as("Saturday opens later")
        .isEqualTo(ZonedDateTime.of(2026, 3, 7, 10, 0, 0, 0, NEW_YORK).toInstant());
    ZonedDateTime saturdayAtOne = ZonedDateTime.of(2026, 3, 7, 13, 0, 0, 0, NEW_YORK);
    assertThat(hours.nextOpening(saturdayAtOne.toInstant())).isEqualTo(saturdayAtOne.toInstant());
    ZonedDateTime saturdayAtThree = ZonedDateTime.of(2026, 3, 7, 15, 0, 0, 0, NEW_YORK);
    assertThat(hours.nextOpening(saturdayAtThree.toInstant())).as("Saturday closes early; Sunday is closed")
        .isEqualTo(ZonedDateTime.of(2026, 3, 9, 9, 0, 0, 0, NEW_YORK).toInstant());
    ZonedDateTime mondayAtThree = ZonedDateTime.of(2026, 3, 9, 15, 0, 0, 0, NEW_YORK);
    assertThat(hours.nextOpening(mondayAtThree.toInstant())).isEqualTo(mondayAtThree.toInstant());
  }

  @Test
  void shouldSkipTheWeekendInTheWorkflowsTimeZone() {
    ZonedDateTime fridayNight = ZonedDateTime.of(2026, 3, 6, 23, 0, 0, 0, NEW_YORK);
    NodeResult result = new Delay().execute(WORKSPACE_HOURS, context(fridayNight));
    assertThat(waitsUntil(result)).isEqualTo(ZonedDateTime.of(2026, 3, 9, 9, 0, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void shouldHonourTheStepsOwnOpeningDays() {
    Delay.Config saturdaysOnly = new Delay.Config("next_business_hour", null, null, "10:00", "14:00", List.of(6));
    ZonedDateTime monday = ZonedDateTime.of(2026, 3, 2, 8, 0, 0, 0, NEW_YORK);
    NodeResult result = new Delay(tenant -> Optional.of(BusinessHours.standard(LISBON))).execute(saturdaysOnly, context(monday));
    assertThat(waitsUntil(result)).isEqualTo(ZonedDateTime.of(2026, 3, 7, 10, 0, 0, 0, NEW_YORK).toInstant());
  }

  @Test
  void shouldUseTheWorkspacesHoursInItsTimeZoneWhenTheStepSetsNone() {
    AtomicReference<TenantId> askedFor = new AtomicReference<>();
    BusinessHours weekendMornings = new BusinessHours(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), LocalTime.of(8, 30),
        LocalTime.of(12, 0), LISBON);
    Delay delay = new Delay(tenant -> {
      askedFor.set(tenant);
      return Optional.of(weekendMornings);
    });
    // Friday 20:00 in New York is Saturday 01:00 in Lisbon: the workspace opens at 08:30 Lisbon time that Saturday
    ZonedDateTime fridayEvening = ZonedDateTime.of(2026, 3, 6, 20, 0, 0, 0, NEW_YORK);
    NodeResult result = delay.execute(WORKSPACE_HOURS, context(fridayEvening));
    assertThat(askedFor.get()).isEqualTo(TENANT);
    assertThat(waitsUntil(result)).isEqualTo(ZonedDateTime.of(2026, 3, 7, 8, 30, 0, 0, LISBON).toInstant());
  }

  @Test
  void shouldGoOnAtOnceWhenTheWorkspaceIsOpen() {
    BusinessHours lateShift = new BusinessHours(BusinessHours.WEEKDAYS, LocalTime.of(12, 0), LocalTime.of(22, 0), NEW_YORK);
    ZonedDateTime tuesdayEvening = ZonedDateTime.of(2026, 3, 3, 19, 30, 0, 0, NEW_YORK);
    NodeResult result = new Delay(tenant -> Optional.of(lateShift)).execute(WORKSPACE_HOURS, context(tuesdayEvening));
    assertThat(result).isInstanceOf(NodeResult.Emit.class);
  }

  @Test
  void shouldRefuseAStepWhoseClosingTimeIsBeforeItsOpeningTime() {
    Delay.Config backwards = new Delay.Config("next_business_hour", null, null, "17:00", "09:00", null);
    NodeResult result = new Delay().execute(backwards, context(ZonedDateTime.of(2026, 3, 3, 12, 0, 0, 0, NEW_YORK)));
    assertThat(result).isInstanceOfSatisfying(NodeResult.Fail.class, f -> {
      assertThat(f.code()).isEqualTo("invalid_config");
      assertThat(f.message()).contains("Closing time (09:00) must come after opening time (17:00)");
    });
  }

  private static Instant waitsUntil(NodeResult result) {
    assertThat(result).isInstanceOf(NodeResult.Wait.class);
    WaitSpec until = ((NodeResult.Wait) result).until();
    assertThat(until).isInstanceOf(WaitSpec.Until.class);
    return ((WaitSpec.Until) until).at();
  }

  /** A step's context at {@code now}, in the zone of {@code now} (the workflow's time zone). */
  private static NodeContext context(ZonedDateTime now) {
    Map<String, Object> answers = Map.of("tenant", TENANT, "clock", InstantSource.fixed(now.toInstant()), "zone", now.getZone(),
        "input", JsonNodeFactory.instance.objectNode(), "resumption", Optional.empty(), "nodeName", "Wait for opening");
    return (NodeContext) Proxy.newProxyInstance(NodeContext.class.getClassLoader(), new Class<?>[] {NodeContext.class},
        (proxy, method, args) -> {
          if (!answers.containsKey(method.getName())) {
            throw new UnsupportedOperationException(method.getName() + " is not used by the wait step");
          }
          return answers.get(method.getName());
        });
  }
}
