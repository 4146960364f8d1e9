package io.switchboard.nodes.messaging;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Twilio SDK client per account (never the SDK's global {@code Twilio.init}), sharing one
 * connection pool. Accounts served elsewhere than api.twilio.com (the sandbox, a local test server)
 * get their requests re-based onto that address, path, query, form and auth unchanged.
 */
public final class TwilioClients {

  private final NetworkHttpClient network = new NetworkHttpClient();
  private final Map<TwilioAccount, TwilioRestClient> clients = new ConcurrentHashMap<>();

  public TwilioRestClient client(TwilioAccount account) {
    return clients.computeIfAbsent(account, a -> {
      HttpClient http = a.apiBase().equals(TwilioAccount.TWILIO_API) ? network : new Rebased(network, a.apiBase());
      return new TwilioRestClient.Builder(a.accountSid(), a.authToken()).httpClient(http).build();
    });
  }

  /** Sends each request to {@code base} instead of https://{product}.twilio.com. */
  static final class Rebased extends HttpClient {
    private final HttpClient delegate;
    private final String base;

    Rebased(HttpClient delegate, URI base) {
      this.delegate = delegate;
      String b = base.toString();
      this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    @Override
    public Response makeRequest(Request original) {
      URL url = original.constructURL();
      Request copy = new Request(original.getMethod(), base + url.getPath());
      copy.setContentType(original.getContentType());
      if (original.getBody() != null) {
        copy.setBody(original.getBody());
      }
      original.getQueryParams().forEach((k, values) -> values.forEach(v -> copy.addQueryParam(k, v)));
      original.getPostParams().forEach((k, values) -> values.forEach(v -> copy.addPostParam(k, v)));
      original.getHeaderParams().forEach((k, values) -> values.forEach(v -> copy.addHeaderParam(k, v)));
      copy.addHeaderParam("X-Twilio-Host", url.getHost());
      if (original.getAuthStrategy() != null) {
        copy.setAuth(original.getAuthStrategy());
      } else if (original.getUsername() != null) {
        copy.setAuth(original.getUsername(), original.getPassword());
      }
      return delegate.makeRequest(copy);
    }
  }

  /** The host Twilio products live on, for the local servers that tell them apart. */
  public static List<String> products() {
    return List.of("api.twilio.com");
  }
}
