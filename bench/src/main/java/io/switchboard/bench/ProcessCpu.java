package io.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far, from /proc (Linux), to say which process a benchmark spends on. */
public final class ProcessCpu {

  // USER_HZ is 100 on every Linux this runs on; /proc/<pid>/stat counts in its ticks.
  private static final long MILLIS_PER_TICK = 10;

  private ProcessCpu() {}

  /** User + system CPU milliseconds of {@code pid}, or 0 when it is gone or /proc is missing. */
  public static long millis(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MILLIS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * The same for a PostgreSQL server and its live backends, found through the postmaster.pid of its
   * data directory (pg_ctl detaches the server, so it is no child of the JVM that started it).
   */
  public static long postgresMillis(Path dataDirectory) {
    try {
      long postmaster = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
      return millis(postmaster) + ProcessHandle.of(postmaster)
          .map(p -> p.descendants().mapToLong(d -> millis(d.pid())).sum()).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
