package io.switchboard.app.security;

import java.util.Locale;

/** A user's role in their workspace (tenant). Each role can do everything the one below can. */
public enum Role {
  MEMBER, ADMIN, OWNER;

  public boolean atLeast(Role other) {
    return ordinal() >= other.ordinal();
  }

  public String dbValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role fromDb(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
