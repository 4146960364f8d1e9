package io.switchboard.nodes.catalog;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 2d}, {@code 3h}, {@code 15m}, {@code 30s}, or ISO-8601 ({@code PT15M}). */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("^\\s*(\\d{1,6})\\s*(d|days?|h|hours?|m|min|minutes?|s|sec|seconds?|w|weeks?)\\s*$");

  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("No duration given; write one such as 2d, 3h, 15m or 30s.");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2).charAt(0)) {
        case 'w' -> Duration.ofDays(7 * n);
        case 'd' -> Duration.ofDays(n);
        case 'h' -> Duration.ofHours(n);
        case 'm' -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write one such as 2d, 3h, 15m or 30s.");
    }
  }
}
