package io.switchboard.engine.runner;

import java.util.Locale;

/** The life of an execution. */
public enum ExecutionStatus {
  QUEUED, RUNNING, WAITING, SUCCEEDED, FAILED, CANCELLED;

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExecutionStatus fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
