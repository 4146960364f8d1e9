package io.switchboard.nodes.email;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens to the e-mails a workspace sends, as events a waiting workflow hears about: a reply
 * from the address, or the address bouncing, unsubscribing or reporting spam. A step waits for them
 * with "Wait for event" on {@code email:<address>}; the event's {@code event} field says which
 * ({@code replied}, {@code bounced}, {@code unsubscribed}, {@code spam}).
 */
public final class EmailEvents {

  private static final Pattern ANGLED = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");

  private EmailEvents() {
  }

  /** The event key for an address: {@code email:} and the address in lower case. */
  public static String key(String address) {
    return "email:" + address.strip().toLowerCase(Locale.ROOT);
  }

  /** The bare address of a From header ({@code "Ada" <ada@example.com>} → {@code ada@example.com}). */
  public static Optional<String> address(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Matcher m = ANGLED.matcher(header);
    String bare = m.find() ? m.group(1) : header.strip();
    return EmailAddresses.normalise(bare).map(a -> a.toLowerCase(Locale.ROOT));
  }
}
