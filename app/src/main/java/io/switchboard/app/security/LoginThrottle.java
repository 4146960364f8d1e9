package io.switchboard.app.security;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.switchboard.app.config.SwitchboardProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Limits sign-in attempts per client address, on top of the per-account lock kept in the database,
 * so one address cannot try passwords against many accounts.
 */
@Component
public class LoginThrottle {

  private static final int MAX_TRACKED_ADDRESSES = 100_000;

  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int perMinute;

  public LoginThrottle(SwitchboardProperties props) {
    this.perMinute = props.auth().loginAttemptsPerMinutePerAddress();
  }

  /** Empty when the attempt may go ahead, otherwise how long to wait. */
  public java.util.Optional<Duration> tryAttempt(String address) {
    if (buckets.size() > MAX_TRACKED_ADDRESSES) {
      buckets.clear();
    }
    Bucket bucket = buckets.computeIfAbsent(address, a -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
        .build());
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()).plusSeconds(1));
  }
}
