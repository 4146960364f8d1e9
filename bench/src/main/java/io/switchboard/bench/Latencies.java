package io.switchboard.bench;

import java.util.Arrays;

/** Recorded durations in nanoseconds, sorted once, read as percentiles (nearest rank). */
public final class Latencies {

  private final long[] sortedNanos;

  private Latencies(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  public static Latencies of(long[] nanos, int count) {
    long[] copy = Arrays.copyOf(nanos, count);
    Arrays.sort(copy);
    return new Latencies(copy);
  }

  public int count() {
    return sortedNanos.length;
  }

  /** The {@code q} quantile (0..1) in milliseconds, or 0 when nothing was recorded. */
  public double percentileMs(double q) {
    if (sortedNanos.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sortedNanos.length);
    return sortedNanos[Math.min(sortedNanos.length - 1, Math.max(0, rank - 1))] / 1e6;
  }

  public double maxMs() {
    return sortedNanos.length == 0 ? 0 : sortedNanos[sortedNanos.length - 1] / 1e6;
  }

  /** A growable per-thread buffer, so recording takes no lock. */
  public static final class Recorder {
    private long[] nanos = new long[16_384];
    private int count;

    public void record(long value) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, nanos.length * 2);
      }
      nanos[count++] = value;
    }

    public static Latencies merge(Iterable<Recorder> recorders) {
      int total = 0;
      for (Recorder r : recorders) {
        total += r.count;
      }
      long[] all = new long[total];
      int at = 0;
      for (Recorder r : recorders) {
        System.arraycopy(r.nanos, 0, all, at, r.count);
        at += r.count;
      }
      return of(all, total);
    }
  }
}
