package io.switchboard.app.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until what a test waits for has happened, failing with the last value seen after a deadline. */
public final class Await {

  private Await() {
  }

  public static <T> T until(String what, Supplier<T> read, Predicate<T> done) {
    return until(what, Duration.ofSeconds(30), read, done);
  }

  public static <T> T until(String what, Duration limit, Supplier<T> read, Predicate<T> done) {
    Instant deadline = Instant.now().plus(limit);
    T last = null;
    while (Instant.now().isBefore(deadline)) {
      last = read.get();
      if (done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
  }
}
