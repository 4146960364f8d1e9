package io.switchboard.nodes.trigger;

import io.switchboard.nodes.catalog.OutputSchemas;

import java.util.Optional;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;

import java.util.Set;

/**
 * Starts a workflow on a schedule, a cron expression read in the workflow's (else the workspace's)
 * time zone. While the workflow is active, the schedule is a Quartz cron trigger in the cluster's
 * shared job store, so it fires once across all nodes.
 */
public final class ScheduleTrigger extends PassThroughTrigger<ScheduleTrigger.Config> {

  public static final String KEY = "trigger.schedule@1";

  /** @param cron seconds minutes hours day-of-month month day-of-week, e.g. {@code 0 0 9 ? * MON-FRI} */
  public record Config(
      @FieldInfo(title = "When", help = "A cron schedule: seconds minutes hours day month weekday, "
          + "for example 0 0 9 ? * MON-FRI for weekdays at 9:00.", required = true, placeholder = "0 0 9 ? * MON-FRI")
      String cron,
      @FieldInfo(title = "Time zone", help = "Empty: the workflow's or the workspace's time zone.") String timezone) {}

  public ScheduleTrigger() {
    super(Config.class, KEY, "Schedule",
        "Starts the workflow at set times: every weekday at 9:00, every Monday, every hour…", Set.of("cron"));
  }

  /** What {@code ScheduleJob} hands on. */
  @Override
  public Optional<tools.jackson.databind.JsonNode> outputSchema() {
    return Optional.of(OutputSchemas.object("When the schedule fired",
        "firedAt", OutputSchemas.text("When it fired (ISO date and time)"),
        "scheduledFor", OutputSchemas.text("When it was due (ISO date and time)")));
  }
}
