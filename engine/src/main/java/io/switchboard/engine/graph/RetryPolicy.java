package io.switchboard.engine.graph;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How often and how soon a failed node is tried again: up to {@code maxAttempts} attempts in all,
 * waiting {@code initialDelay × multiplier^(attempt-1)} capped at {@code maxDelay}, spread by up to
 * ±{@code jitter} of itself. Only retryable failures are retried; when {@code retryOn} is not empty,
 * only failures with one of those codes.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay, double jitter,
                          Set<String> retryOn) {

  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), 0.2, Set.of());
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 0.2, Set.of());

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("a node is tried 1 to 20 times, not " + maxAttempts);
    }
    initialDelay = Objects.requireNonNullElse(initialDelay, Duration.ofSeconds(1));
    maxDelay = Objects.requireNonNullElse(maxDelay, Duration.ofMinutes(5));
    multiplier = multiplier < 1 ? 1 : multiplier;
    jitter = Math.max(0, Math.min(jitter, 1));
    retryOn = Set.copyOf(Objects.requireNonNullElse(retryOn, Set.of()));
  }

  /** Whether a failure with this code, on this attempt (1-based), is tried again. */
  public boolean retries(String code, boolean retryable, int attempt) {
    return retryable && attempt < maxAttempts && (retryOn.isEmpty() || retryOn.contains(code));
  }

  /**
   * The wait before attempt {@code attempt + 1}; {@code random} in [0, 1) spreads it by the jitter.
   * Pure: the caller supplies the randomness, so the interpreter stays deterministic.
   */
  public Duration delayAfter(int attempt, double random) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    double spread = capped * jitter * (random * 2 - 1);
    return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
  }
}
