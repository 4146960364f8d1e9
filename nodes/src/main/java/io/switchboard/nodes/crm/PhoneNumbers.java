package io.switchboard.nodes.crm;

import java.util.Optional;
import java.util.regex.Pattern;

/** Phone numbers as typed by people, made E.164 ({@code +15551234567}) or refused. */
public final class PhoneNumbers {

  private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

  private PhoneNumbers() {}

  /** {@code whatsapp:} prefixes, spaces, dashes, dots and brackets are dropped; a leading 00 becomes +. */
  public static Optional<String> normalise(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim();
    if (s.regionMatches(true, 0, "whatsapp:", 0, 9)) {
      s = s.substring(9);
    }
    s = s.replaceAll("[\\s().-]", "");
    if (s.startsWith("00")) {
      s = "+" + s.substring(2);
    }
    return E164.matcher(s).matches() ? Optional.of(s) : Optional.empty();
  }

  public static boolean isE164(String s) {
    return s != null && E164.matcher(s).matches();
  }
}
