package io.switchboard.app.sandbox;

import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.app.providers.TwilioSignatures;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Sends webhooks the way a provider does, genuinely signed, to this server's own endpoints: the
 * sandbox's delivery callbacks and the "simulate inbound SMS / call ended" actions. The signature
 * covers the public URL (what the provider would have called); the request goes over the loopback.
 */
@Component
public class SignedWebhookPoster {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final LoopbackAddress loopback;
  private final SwitchboardProperties props;

  public SignedWebhookPoster(LoopbackAddress loopback, SwitchboardProperties props) {
    this.loopback = loopback;
    this.props = props;
  }

  /** The public URL of one of our paths, as providers are told to call it. */
  public String publicUrl(String path) {
    String b = props.publicBaseUrl();
    return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
  }

  /** Posts Twilio-signed form parameters to {@code publicUrl} (one of ours); returns the HTTP status. */
  public int postTwilio(String publicUrl, String authToken, Map<String, String> params) throws IOException, InterruptedException {
    URI target = URI.create(publicUrl);
    URI local = loopback.base().resolve(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    StringJoiner form = new StringJoiner("&");
    params.forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest request = HttpRequest.newBuilder(local)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        .header("X-Twilio-Signature", TwilioSignatures.sign(authToken, publicUrl, params))
        .header("User-Agent", "TwilioProxy/1.1 (Switchboard sandbox)")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** Posts a body already signed by the caller (its signature in {@code headers}) to {@code publicUrl}, one of ours. */
  public int post(String publicUrl, Map<String, String> headers, byte[] body, String contentType)
      throws IOException, InterruptedException {
    URI target = URI.create(publicUrl);
    URI local = loopback.base().resolve(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    HttpRequest.Builder request = HttpRequest.newBuilder(local).timeout(Duration.ofSeconds(30))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
