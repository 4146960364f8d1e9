package io.switchboard.app.db;

import org.postgresql.util.PSQLException;

import java.util.Optional;

/** Reads PostgreSQL's own error out of whatever wraps it (jOOQ's exception, or Spring's translation). */
public final class PostgresErrors {

  private PostgresErrors() {}

  /** The unique constraint a statement violated, if that is why it failed. */
  public static Optional<String> violatedUniqueConstraint(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && "23505".equals(p.getSQLState()) && p.getServerErrorMessage() != null) {
        return Optional.ofNullable(p.getServerErrorMessage().getConstraint());
      }
    }
    return Optional.empty();
  }

  /** Whether a statement failed on a unique violation (a constraint, or a function that raised 23505). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PSQLException p && "23505".equals(p.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
