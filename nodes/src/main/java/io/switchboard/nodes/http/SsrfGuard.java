package io.switchboard.nodes.http;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

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
  public static class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** A name no address was found for: not a refusal of policy, and may resolve on a later try. */
  public static final class NotFound extends Refused {
    NotFound(String message) {
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

  /** A destination the guard refused, carried through an HTTP client's resolver. */
  public static final class RefusedHost extends UnknownHostException {
    RefusedHost(String message) {
      super(message);
    }
  }

  /**
   * An HTTP client that connects only to addresses this guard checked, also on redirects (a refused
   * destination fails with {@link RefusedHost}); no automatic retries, no cookies.
   */
  public CloseableHttpClient httpClient(String userAgent, int maxConnections, int maxPerRoute) {
    return httpClient(userAgent, maxConnections, maxPerRoute, true);
  }

  /** As above; {@code followRedirects} false answers a redirect as it is, to the caller. */
  public CloseableHttpClient httpClient(String userAgent, int maxConnections, int maxPerRoute, boolean followRedirects) {
    DnsResolver checked = new DnsResolver() {
      @Override
      public InetAddress[] resolve(String host) throws UnknownHostException {
        try {
          return SsrfGuard.this.resolve(host);
        } catch (NotFound notFound) {
          throw new UnknownHostException(notFound.getMessage());
        } catch (Refused refused) {
          throw new RefusedHost(refused.getMessage());
        }
      }

      @Override
      public String resolveCanonicalHostname(String host) {
        return host;
      }
    };
    var builder = HttpClients.custom();
    if (!followRedirects) {
      builder.disableRedirectHandling();
    }
    return builder
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDnsResolver(checked)
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxPerRoute)
            .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(10)).build())
            .build())
        .disableAutomaticRetries() // the engine's retry policy decides
        .disableCookieManagement()
        .setUserAgent(userAgent)
        .build();
  }

  /** The host of an {@code http://} or {@code https://} address: what this guard can check; none for anything else. */
  public static java.util.Optional<String> webHost(java.net.URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) ? java.util.Optional.ofNullable(uri.getHost())
        : java.util.Optional.empty();
  }

  /** The host's addresses, if every one of them may be reached. */
  public InetAddress[] resolve(String host) throws Refused {
    String h = host.toLowerCase(Locale.ROOT);
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(h);
    } catch (UnknownHostException e) {
      throw new NotFound("The address " + host + " could not be found.");
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
