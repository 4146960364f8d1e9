package io.switchboard.nodes.email;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.ClickTrackingSetting;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.OpenTrackingSetting;
import com.sendgrid.helpers.mail.objects.Personalization;
import com.sendgrid.helpers.mail.objects.TrackingSettings;
import io.switchboard.nodes.messaging.ProviderFailure;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends e-mail through SendGrid's v3 Mail Send API with the SendGrid Java SDK. One shared
 * connection pool for every account (a {@code new SendGrid(key)} would start its own); accounts
 * served elsewhere than api.sendgrid.com (the sandbox, a local test server) get the SDK's host
 * re-pointed, path prefix included. SendGrid's own click and open tracking are turned off: ours
 * are in the body already.
 */
public final class SendGridMail implements Closeable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final CloseableHttpClient http;
  private final Client https;
  private final Client plain;

  public SendGridMail() {
    RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(10_000).setConnectionRequestTimeout(10_000)
        .setSocketTimeout(30_000).build();
    this.http = HttpClients.custom().setDefaultRequestConfig(timeouts).setMaxConnTotal(100).setMaxConnPerRoute(50)
        .disableAutomaticRetries().disableCookieManagement().build();
    this.https = new Client(http, false);
    this.plain = new Client(http, true);
  }

  /** What SendGrid answered: the id it gave the message ({@code X-Message-Id}), if any. */
  public record Accepted(Optional<String> messageId) {}

  public Accepted send(EmailAccount.SendGrid account, OutgoingEmail email) throws ProviderFailure {
    SendGrid sendGrid = sdk(account);
    Request request = new Request();
    request.setMethod(Method.POST);
    request.setEndpoint("mail/send");
    Response response;
    try {
      request.setBody(mail(email).build());
      response = sendGrid.api(request);
    } catch (IOException e) {
      throw new ProviderFailure("provider_unreachable", "SendGrid could not be reached (" + e.getMessage()
          + "); will try again.", true);
    }
    int status = response.getStatusCode();
    if (status >= 200 && status < 300) {
      return new Accepted(header(response, "X-Message-Id"));
    }
    throw failure(status, response.getBody());
  }

  /**
   * "Test connection": asks SendGrid which permissions the API key has ({@code GET /v3/scopes}) and
   * returns them; fails like a send would when the key is refused.
   */
  public List<String> scopes(EmailAccount.SendGrid account) throws ProviderFailure {
    Request request = new Request();
    request.setMethod(Method.GET);
    request.setEndpoint("scopes");
    Response response;
    try {
      response = sdk(account).api(request);
    } catch (IOException e) {
      throw new ProviderFailure("provider_unreachable", "SendGrid could not be reached (" + e.getMessage() + ").", true);
    }
    if (response.getStatusCode() != 200) {
      throw failure(response.getStatusCode(), response.getBody());
    }
    List<String> scopes = new ArrayList<>();
    try {
      JSON.readTree(response.getBody()).path("scopes").forEach(s -> scopes.add(s.asString("")));
    } catch (JacksonException e) {
      throw new ProviderFailure("provider_error", "SendGrid answered with something that is not JSON.", false);
    }
    return scopes;
  }

  private SendGrid sdk(EmailAccount.SendGrid account) {
    URI base = account.apiBase();
    SendGrid sendGrid = new SendGrid(account.apiKey(), "http".equalsIgnoreCase(base.getScheme()) ? plain : https);
    sendGrid.setHost(base.getRawAuthority() + Optional.ofNullable(base.getRawPath()).orElse("").replaceAll("/+$", ""));
    return sendGrid;
  }

  static Mail mail(OutgoingEmail email) {
    Mail mail = new Mail();
    mail.setFrom(email.fromName().map(n -> new Email(email.from(), n)).orElseGet(() -> new Email(email.from())));
    mail.setSubject(email.subject());
    Personalization to = new Personalization();
    to.addTo(new Email(email.to()));
    email.tags().forEach(to::addCustomArg);
    mail.addPersonalization(to);
    // SendGrid wants text/plain before text/html
    email.text().ifPresent(t -> mail.addContent(new Content("text/plain", t)));
    email.html().ifPresent(h -> mail.addContent(new Content("text/html", h)));
    email.headers().forEach(mail::addHeader);
    TrackingSettings tracking = new TrackingSettings();
    ClickTrackingSetting click = new ClickTrackingSetting();
    click.setEnable(false);
    click.setEnableText(false);
    tracking.setClickTrackingSetting(click);
    OpenTrackingSetting open = new OpenTrackingSetting();
    open.setEnable(false);
    tracking.setOpenTrackingSetting(open);
    mail.setTrackingSettings(tracking);
    return mail;
  }

  static ProviderFailure failure(int status, String body) {
    String reason = reasons(body);
    if (status == 401) {
      return new ProviderFailure("provider_auth", "SendGrid refused the API key: check the SendGrid credential.", false);
    }
    if (status == 403) {
      return new ProviderFailure("provider_forbidden", "SendGrid does not allow this sender or API key to send mail"
          + (reason.isEmpty() ? "" : ": " + reason) + ". Check the key's Mail Send permission and the verified sender.", false);
    }
    if (status == 413) {
      return new ProviderFailure("message_too_large", "SendGrid refused the e-mail as too large.", false);
    }
    if (status == 429) {
      return new ProviderFailure("provider_busy", "SendGrid is limiting how fast this account sends (429); will try again.", true);
    }
    if (status >= 500) {
      return new ProviderFailure("provider_busy", "SendGrid is failing (" + status + "); will try again.", true);
    }
    return new ProviderFailure("provider_refused", "SendGrid refused the e-mail (" + status + ")"
        + (reason.isEmpty() ? "." : ": " + reason), false);
  }

  // {"errors": [{"message": "...", "field": "..."}]}
  private static String reasons(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode errors = JSON.readTree(body).path("errors");
      List<String> messages = new ArrayList<>();
      for (JsonNode e : errors) {
        String field = e.path("field").asString("");
        messages.add(e.path("message").asString("") + (field.isEmpty() || "null".equals(field) ? "" : " (" + field + ")"));
      }
      return String.join("; ", messages);
    } catch (JacksonException e) {
      return "";
    }
  }

  private static Optional<String> header(Response response, String name) {
    return response.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(java.util.Map.Entry::getValue).filter(v -> v != null && !v.isBlank()).findFirst();
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
