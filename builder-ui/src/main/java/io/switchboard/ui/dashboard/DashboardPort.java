package io.switchboard.ui.dashboard;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The figures the dashboard draws, for the signed-in workspace, counted by day in the workspace's time zone. */
public interface DashboardPort {

  Figures figures(int days);

  /**
   * {@code executions}: per day, how many ended in each outcome (succeeded, failed, cancelled, still
   * waiting or running); {@code messages}: per day, outbound messages by channel; {@code tokens}: per
   * day, LLM tokens used; {@code topFailing}: the workflows with the most failed runs in the period.
   */
  record Figures(List<LocalDate> days, Map<String, List<Long>> executions, Map<String, List<Long>> messages,
                 List<Long> tokens, List<Failing> topFailing) {}

  record Failing(UUID workflowId, String name, long failed, long total) {}
}
