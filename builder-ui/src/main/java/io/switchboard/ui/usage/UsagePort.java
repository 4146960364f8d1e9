package io.switchboard.ui.usage;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The usage page: the signed-in workspace's use against its plan's limits. */
public interface UsagePort {

  Usage usage();

  /**
   * {@code meters}: each figure against the plan's limit; {@code sentByChannel} and
   * {@code receivedByChannel}: this period's messages per channel (sms, whatsapp, email, call).
   */
  record Usage(String planName, String status, LocalDate periodStart, LocalDate periodEnd, List<Meter> meters,
               Map<String, Integer> sentByChannel, Map<String, Integer> receivedByChannel) {}

  /**
   * One figure: {@code span} is {@code period} (this billing period), {@code today} or {@code now}
   * (held at the moment); {@code limit} empty when the plan sets none; {@code bytes} for sizes.
   */
  record Meter(String metric, String label, long used, Optional<Long> limit, String span, boolean bytes) {}
}
