package io.switchboard.nodes.email;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.FakeProviderPorts;
import io.switchboard.nodes.ProviderHarness;
import io.switchboard.nodes.http.SsrfGuard;
import io.switchboard.nodes.messaging.ProviderFailure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The e-mail node with the real SendGrid SDK against a local server that checks SendGrid's wire
 * format: path, bearer key, JSON body.
 */
class SendEmailTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID SENDGRID = UUID.randomUUID();
  private static final UUID LIMITED = UUID.randomUUID();
  private static final UUID TWILIO = UUID.randomUUID();

  private record Seen(String method, String path, String auth, String contentType, JsonNode body) {}

  private HttpServer server;
  private URI base;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(202);
  private final FakeProviderPorts.Contacts contacts = new FakeProviderPorts.Contacts();
  private final FakeProviderPorts.Messages messages = new FakeProviderPorts.Messages();
  private SendGridMail sendGrid;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
          body.isEmpty() ? null : JSON.readTree(body)));
      int status = answer.get();
      if (status == 202 && exchange.getRequestURI().getPath().endsWith("/v3/scopes")) {
        byte[] scopes = "{\"scopes\": [\"mail.send\", \"alerts.read\"]}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, scopes.length);
        exchange.getResponseBody().write(scopes);
        exchange.close();
        return;
      }
      byte[] out = status == 202 ? new byte[0] : (switch (status) {
        case 401 -> "{\"errors\":[{\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}";
        case 400 -> "{\"errors\":[{\"message\":\"The from address does not match a verified Sender Identity.\",\"field\":\"from\"}]}";
        default -> "{\"errors\":[{\"message\":\"busy\"}]}";
      }).getBytes(StandardCharsets.UTF_8);
      if (status == 202) {
        exchange.getResponseHeaders().add("X-Message-Id", "sg-msg-123");
      }
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sandbox/sendgrid");
    sendGrid = new SendGridMail();
  }

  @AfterEach
  void stop() throws IOException {
    server.stop(0);
    sendGrid.close();
  }

  private CredentialResolver credentials() {
    return (tenant, id) -> {
      if (id.equals(SENDGRID)) {
        return Optional.of(new Credential(id, "sendgrid", "Acme SendGrid", Map.of("apiKey", "SG.real-key")));
      }
      if (id.equals(LIMITED)) {
        return Optional.of(new Credential(id, "sendgrid", "Small SendGrid", Map.of("apiKey", "SG.small", "dailyLimit", "1")));
      }
      if (id.equals(TWILIO)) {
        return Optional.of(new Credential(id, "twilio", "Twilio", Map.of("accountSid", "AC1", "authToken", "t")));
      }
      return Optional.empty();
    };
  }

  /** The node pointed at the local server for both the sandbox and the "real" SendGrid account. */
  private ProviderHarness harness(int defaultLimit) {
    TestEmailSetup setup = new TestEmailSetup(messages, base, defaultLimit);
    return new ProviderHarness(credentials(), new SendEmail(contacts, messages, setup, sendGrid,
        new SmtpMail(SsrfGuard.strict())));
  }

  private static String node(String extra) {
    return """
        {'id': 'call', 'type': 'email.send@1', 'name': 'Welcome mail', 'config': {
          'to': '{{ trigger.email }}', 'subject': 'Welcome, {{ trigger.name }}',
          'html': '<html><body><p>Hi {{ trigger.name }}, see <a href=\\"https://acme.test/offer?a=1&amp;b=2\\">our offer</a>.</p></body></html>',
          'text': 'Hi {{ trigger.name }}, see https://acme.test/offer', 'fromName': 'Acme Dental'%s}}
        """.formatted(extra);
  }

  @Test
  void shouldSendThroughTheSandboxWithTrackedLinksAndRecordTheMessage() {
    try (ProviderHarness h = harness(100)) {
      ExecutionRecord done = h.run(node(""), "{'email': 'Ann@Example.COM', 'name': 'Ann'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      Seen call = seen.getFirst();
      assertThat(seen).hasSize(1);
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo("/sandbox/sendgrid/v3/mail/send");
      assertThat(call.auth()).isEqualTo("Bearer SB.sandbox-key");
      assertThat(call.contentType()).startsWith("application/json");
      JsonNode body = call.body();
      assertThat(body.path("from").path("email").asString()).isEqualTo("hello@acme.test");
      assertThat(body.path("from").path("name").asString()).isEqualTo("Acme Dental");
      assertThat(body.path("subject").asString()).isEqualTo("Welcome, Ann");
      JsonNode personalization = body.path("personalizations").path(0);
      assertThat(personalization.path("to").path(0).path("email").asString()).isEqualTo("Ann@example.com");
      FakeProviderPorts.Recorded recorded = messages.only();
      assertThat(personalization.path("custom_args").path("switchboard_message").asString())
          .isEqualTo(recorded.id().toString());
      assertThat(personalization.path("custom_args").path("switchboard_tenant").asString())
          .isEqualTo(h.tenant().value().toString());
      assertThat(body.path("content").path(0).path("type").asString()).isEqualTo("text/plain");
      assertThat(body.path("content").path(0).path("value").asString()).contains("Unsubscribe: https://sb.example.test/t/u/");
      String html = body.path("content").path(1).path("value").asString();
      assertThat(body.path("content").path(1).path("type").asString()).isEqualTo("text/html");
      assertThat(html).doesNotContain("href=\"https://acme.test/offer").contains("href=\"https://sb.example.test/t/c/")
          .contains("<img src=\"https://sb.example.test/t/o/").contains(">Unsubscribe</a>");
      assertThat(body.path("headers").path("List-Unsubscribe").asString()).startsWith("<https://sb.example.test/t/u/");
      assertThat(body.path("tracking_settings").path("click_tracking").path("enable").asBoolean(true)).isFalse();
      assertThat(body.path("tracking_settings").path("open_tracking").path("enable").asBoolean(true)).isFalse();

      // the click link is signed and leads to the original address, &amp; decoded
      String click = html.replaceAll("(?s).*href=\"https://sb.example.test/t/c/([^\"]+)\".*", "$1");
      assertThat(new TrackingTokens(TestEmailSetup.KEY).verify(TrackingTokens.Kind.CLICK, click))
          .hasValueSatisfying(c -> {
            assertThat(c.url()).contains("https://acme.test/offer?a=1&b=2");
            assertThat(c.messageId()).isEqualTo(recorded.id());
            assertThat(c.tenant()).isEqualTo(h.tenant());
          });

      assertThat(recorded.status()).isEqualTo("sent");
      assertThat(recorded.providerId()).contains("sg-msg-123");
      assertThat(recorded.message().provider()).isEqualTo("sandbox");
      assertThat(recorded.message().subject()).contains("Welcome, Ann");
      JsonNode out = done.output().orElseThrow();
      assertThat(out.path("message_id").asString()).isEqualTo(recorded.id().toString());
      assertThat(out.path("sandbox").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldSendWithTheWorkspacesSendGridKeyAndFromAddressOnTheNode() {
    try (ProviderHarness h = harness(100)) {
      ExecutionRecord done = h.run(node(", 'from': 'sales@acme.test', 'track': false, 'credentialId': '" + SENDGRID + "'"),
          "{'email': 'bob@example.com', 'name': 'Bob'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(seen.getFirst().auth()).isEqualTo("Bearer SG.real-key");
      JsonNode body = seen.getFirst().body();
      assertThat(body.path("from").path("email").asString()).isEqualTo("sales@acme.test");
      String html = body.path("content").path(1).path("value").asString();
      assertThat(html).contains("href=\"https://acme.test/offer?a=1&amp;b=2\"").doesNotContain("/t/o/").contains("/t/u/");
      assertThat(messages.only().message().provider()).isEqualTo("sendgrid");
      assertThat(messages.only().message().details().path("account").asString()).isEqualTo(SENDGRID.toString());
    }
  }

  @Test
  void shouldRefuseAContactWhoUnsubscribedAndKeepTheRefusalOnRecord() {
    contacts.add(FakeProviderPorts.contact("Cleo", "cleo@example.com", null, false, true));
    try (ProviderHarness h = harness(100)) {
      ExecutionRecord done = h.run(node(""), "{'email': 'cleo@example.com', 'name': 'Cleo'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("opted_out");
      assertThat(done.error().orElseThrow().path("message").asString()).contains("Cleo", "unsubscribed");
      assertThat(seen).isEmpty();
      assertThat(messages.only().status()).isEqualTo("refused");
      assertThat(messages.only().error()).hasValueSatisfying(e -> assertThat(e).contains("unsubscribed"));
    }
  }

  @Test
  void shouldRefuseOverTheAccountsDailyLimit() {
    try (ProviderHarness h = harness(100)) {
      String limited = ", 'credentialId': '" + LIMITED + "'";
      assertThat(h.run(node(limited), "{'email': 'a@example.com', 'name': 'A'}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      ExecutionRecord second = h.run(node(limited), "{'email': 'b@example.com', 'name': 'B'}");

      assertThat(second.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(second.error().orElseThrow().path("code").asString()).isEqualTo("daily_limit_reached");
      assertThat(second.error().orElseThrow().path("message").asString()).contains("limit of 1 e-mails today");
      assertThat(seen).hasSize(1);
      // the sandbox is another account with its own count
      assertThat(h.run(node(""), "{'email': 'c@example.com', 'name': 'C'}").status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  void shouldMapSendGridRefusalsToClearCodes() {
    String key = ", 'credentialId': '" + SENDGRID + "'";
    for (var expected : Map.of(401, "provider_auth", 429, "provider_busy", 500, "provider_busy", 400, "provider_refused")
        .entrySet()) {
      answer.set(expected.getKey());
      messages.all.clear();
      try (ProviderHarness h = harness(100)) {
        ExecutionRecord done = h.run(node(key), "{'email': 'd@example.com', 'name': 'D'}");
        assertThat(done.status()).as("status %s", expected.getKey()).isEqualTo(ExecutionStatus.FAILED);
        JsonNode error = done.error().orElseThrow();
        assertThat(error.path("code").asString()).as("status %s", expected.getKey()).isEqualTo(expected.getValue());
        assertThat(messages.all).allSatisfy(m -> assertThat(m.status()).isEqualTo("failed"));
        if (expected.getKey() == 400) {
          assertThat(error.path("message").asString()).contains("verified Sender Identity");
        }
        if (expected.getKey() == 401) {
          assertThat(error.path("message").asString()).doesNotContain("SG.real-key");
        }
      }
    }
  }

  @Test
  void shouldReadTheKeysScopesToTestTheConnection() throws Exception {
    EmailAccount.SendGrid account = new EmailAccount.SendGrid("k", "SG.real-key", base, false, 10);
    assertThat(sendGrid.scopes(account)).containsExactly("mail.send", "alerts.read");
    assertThat(seen).singleElement().satisfies(s -> {
      assertThat(s.method() + " " + s.path()).isEqualTo("GET /sandbox/sendgrid/v3/scopes");
      assertThat(s.auth()).isEqualTo("Bearer SG.real-key");
    });
    answer.set(401);
    assertThatThrownBy(() -> sendGrid.scopes(account)).isInstanceOfSatisfying(ProviderFailure.class,
        f -> assertThat(f.code()).isEqualTo("provider_auth"));
  }

  @Test
  void shouldRefuseBadAddressesAndAMissingOrWrongCredential() {
    try (ProviderHarness h = harness(100)) {
      assertThat(h.run(node(""), "{'email': 'not an address', 'name': 'X'}").error().orElseThrow().path("code").asString())
          .isEqualTo("invalid_address");
      assertThat(h.run(node(", 'credentialId': '" + UUID.randomUUID() + "'"), "{'email': 'x@example.com', 'name': 'X'}")
          .error().orElseThrow().path("code").asString()).isEqualTo("credential_missing");
      assertThat(h.run(node(", 'credentialId': '" + TWILIO + "'"), "{'email': 'x@example.com', 'name': 'X'}")
          .error().orElseThrow().path("code").asString()).isEqualTo("credential_type");
      assertThat(seen).isEmpty();
    }
  }
}
