package io.switchboard.nodes.calendar;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.FakeProviderPorts;
import io.switchboard.nodes.ProviderHarness;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.SendMessage;
import io.switchboard.nodes.messaging.TwilioAccount;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioClients;
import io.switchboard.nodes.messaging.TwilioMessaging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The booking-link node sending through the real Twilio SDK to a local server in Twilio's wire format. */
class SendBookingLinkTest {

  private HttpServer server;
  private TwilioAccount account;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final FakeProviderPorts.Contacts contacts = new FakeProviderPorts.Contacts();
  private final FakeProviderPorts.Messages messages = new FakeProviderPorts.Messages();
  private Optional<String> link = Optional.of("https://cal.com/acme/consultation");

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2010-04-01/Accounts/ACsandbox/Messages.json", exchange -> {
      String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " auth="
          + new String(Base64.getDecoder().decode(auth.substring("Basic ".length())), StandardCharsets.UTF_8)
          + " " + URLDecoder.decode(form, StandardCharsets.UTF_8));
      byte[] out = "{\"sid\": \"SM123\", \"status\": \"queued\", \"account_sid\": \"ACsandbox\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(201, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
    account = new TwilioAccount("ACsandbox", "sandbox-token", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), true);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ProviderHarness harness() {
    TwilioAccounts accounts = new TwilioAccounts() {
      @Override
      public Sender sender(TenantId tenant, MessageLog.Channel channel, Optional<String> from, Optional<Credential> credential) {
        return new Sender(account, from.orElse("+15550001111"));
      }

      @Override
      public String statusCallbackUrl(MessageLog.Channel channel) {
        return "https://sb.example.test/webhooks/twilio/status";
      }
    };
    SendMessage sms = SendMessage.sms(contacts, messages, accounts, new TwilioMessaging(new TwilioClients()));
    CredentialResolver none = (tenant, id) -> Optional.empty();
    return new ProviderHarness(none, new SendBookingLink(tenant -> link, sms));
  }

  private static final String NODE = """
      {'id': 'call', 'type': 'calendar.booking-link@1', 'name': 'Booking link', 'config': {
        'to': '{{ trigger.phone }}', 'message': 'Hi {{ trigger.name }}, pick a time: {link} - Acme'}}
      """;

  @Test
  void shouldTextTheWorkspacesBookingLinkThroughTwilio() {
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run(NODE, "{'phone': '+15557654321', 'name': 'Eve'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(seen).singleElement().satisfies(s -> assertThat(s)
          .startsWith("POST /2010-04-01/Accounts/ACsandbox/Messages.json auth=ACsandbox:sandbox-token")
          .contains("To=+15557654321", "From=+15550001111",
              "Body=Hi Eve, pick a time: https://cal.com/acme/consultation - Acme"));
      assertThat(done.output().orElseThrow().path("booking_link").asString()).isEqualTo("https://cal.com/acme/consultation");
      assertThat(done.output().orElseThrow().path("sid").asString()).isEqualTo("SM123");
      assertThat(messages.only().message().body()).contains("https://cal.com/acme/consultation");
    }
  }

  @Test
  void shouldFailPlainlyWhenTheWorkspaceHasNoBookingLink() {
    link = Optional.empty();
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run(NODE, "{'phone': '+15557654321', 'name': 'Eve'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("no_booking_link");
      assertThat(seen).isEmpty();
    }
  }

  @Test
  void shouldNotTextAContactWhoRepliedStop() {
    contacts.add(FakeProviderPorts.contact("Finn", null, "+15557654321", true, false));
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run(NODE, "{'phone': '+15557654321', 'name': 'Finn'}");

      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("opted_out");
      assertThat(seen).isEmpty();
      assertThat(messages.only().status()).isEqualTo("refused");
    }
  }
}
