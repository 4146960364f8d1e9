package io.switchboard.nodes.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** E-mail addresses as nodes accept them: one plain address, trimmed, domain lower-cased. */
public final class EmailAddresses {

  private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@"
      + "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

  private EmailAddresses() {}

  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.strip();
    if (s.length() > 254 || !ADDRESS.matcher(s).matches()) {
      return Optional.empty();
    }
    int at = s.lastIndexOf('@');
    return Optional.of(s.substring(0, at + 1) + s.substring(at + 1).toLowerCase(Locale.ROOT));
  }
}
