package io.switchboard.nodes.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests to addresses a tenant must not reach from our servers: loopback, private,
 * link-local (cloud metadata at 169.254.169.254 among them), unspecified, multicast, carrier-grade
 * NAT and IPv6 unique-local — after DNS resolution, so a public name pointing inside is refused too.
 * The HTTP client then connects only to the addresses checked here. The platform's allow-list
 * (hosts or literal addresses, set by the superadmin) lets chosen internal services through.
 */
public final class SsrfGuard {

  /** A refused destination; the message says why in plain words. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  private final Set<String> allowed;

  public SsrfGuard(List<String> allowedHostsOrAddresses) {
    this.allowed = Set.copyOf(allowedHostsOrAddresses.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
        .filter(h -> !h.isEmpty()).toList());
  }

  public static SsrfGuard strict() {
    return new SsrfGuard(List.of());
  }

  /** The host's addresses, if every one of them may be reached. */
  public InetAddress[] resolve(String host) throws Refused {
    String h = host.toLowerCase(Locale.ROOT);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(h);
    } catch (UnknownHostException e) {
      throw new Refused("The address " + host + " could not be found.");
    }
    if (allowed.contains(h)) {
      return addresses;
    }
    for (InetAddress a : addresses) {
      if (!allowed.contains(a.getHostAddress().toLowerCase(Locale.ROOT)) && internal(a)) {
        throw new Refused("Requests to " + host + " are not allowed: it points inside a private network ("
            + a.getHostAddress() + "). Ask the platform administrator to allow it if it is yours.");
      }
    }
    return addresses;
  }

  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0                                   // "this" network
          || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
          || first >= 240;                                 // reserved, broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // unique local fc00::/7
      }
      boolean mapped = Arrays.equals(Arrays.copyOf(b, 10), new byte[10]) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
      if (mapped) {
        try {
          return internal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException impossible) {
          return true;
        }
      }
    }
    return false;
  }
}
