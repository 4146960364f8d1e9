package io.switchboard.nodes.messaging;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.EngineHarnessAccess;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMS, WhatsApp and call nodes through the real Twilio SDK against a local server that checks
 * Twilio's wire format: path, Basic auth with the account SID and token, form fields.
 */
class SendMessageTest {

  private static final String SID = "AC" + "0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "secret-token-1";
  private static final String FROM = "+15550001111";
  private static final UUID TWILIO_CREDENTIAL = UUID.randomUUID();

  private HttpServer server;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(201);
  private final AtomicInteger calls = new AtomicInteger();
  private final FakeContacts contacts = new FakeContacts();
  private final FakeMessages messages = new FakeMessages();

  @BeforeEach
  void twilio() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/2010-04-01/Accounts/" + SID + ".json", exchange -> {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      boolean ok = ("Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8))).equals(auth)
          && exchange.getRequestMethod().equals("GET");
      byte[] bytes = (ok ? "{\"sid\": \"" + SID + "\", \"friendly_name\": \"Acme Dental\", \"status\": \"active\"}"
          : "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.createContext("/2010-04-01/Accounts/", exchange -> {
      calls.incrementAndGet();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      String expected = "Basic " + Base64.getEncoder().encodeToString((SID + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
      String path = exchange.getRequestURI().getPath();
      Map<String, String> form = new TreeMap<>();
      for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
      form.put("_path", path);
      form.put("_method", exchange.getRequestMethod());
      form.put("_contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
      received.add(form);
      int status = !expected.equals(auth) ? 401 : answer.get();
      String body = switch (status) {
        case 201 -> path.endsWith("/Calls.json")
            ? "{\"sid\": \"CA1\", \"account_sid\": \"" + SID + "\", \"status\": \"queued\", \"to\": \"" + form.get("To") + "\"}"
            : "{\"sid\": \"SM" + received.size() + "\", \"account_sid\": \"" + SID + "\", \"status\": \"queued\", \"body\": \"x\"}";
        case 401 -> "{\"code\": 20003, \"message\": \"Authenticate\", \"status\": 401}";
        case 400 -> "{\"code\": 21211, \"message\": \"The 'To' number is not a valid phone number.\", \"status\": 400}";
        default -> "{\"code\": 20500, \"message\": \"Internal Server Error\", \"status\": " + status + "}";
      };
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private EngineHarnessAccess harness(String token) {
    TwilioAccount account = new TwilioAccount(SID, token, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), false);
    TwilioAccounts accounts = new TwilioAccounts() {
      @Override
      public Sender sender(TenantId tenant, MessageLog.Channel channel, Optional<String> from, Optional<Credential> credential)
          throws NoSender {
        if (from.isPresent() && !from.get().equals(FROM)) {
          throw new NoSender(from.get() + " is not one of your workspace's numbers");
        }
        return new Sender(credential.map(c -> new TwilioAccount(c.secret().get("accountSid"), c.secret().get("authToken"),
            account.apiBase(), false)).orElse(account), FROM);
      }

      @Override
      public String statusCallbackUrl(MessageLog.Channel channel) {
        return "https://switchboard.example/hooks/twilio/" + (channel == MessageLog.Channel.CALL ? "call" : "status");
      }
    };
    TwilioMessaging twilio = new TwilioMessaging(new TwilioClients());
    CredentialResolver credentials = (tenant, id) -> id.equals(TWILIO_CREDENTIAL)
        ? Optional.of(new Credential(id, "twilio", "Main", Map.of("accountSid", SID, "authToken", TOKEN))) : Optional.empty();
    return EngineHarnessAccess.with(credentials, SendMessage.sms(contacts, messages, accounts, twilio),
        SendMessage.whatsapp(contacts, messages, accounts, twilio), new PlaceCall(contacts, messages, accounts, twilio));
  }

  @Test
  void shouldSendAnSmsInTwiliosWireFormatAndRecordIt() {
    try (var h = harness(TOKEN)) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '{{ trigger.from }}',
           'body': 'Hi {{ trigger.name }}, we open at 9.'}}""", "{'from': '+1 (555) 222-3333', 'name': 'Ana'}");
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      JsonNode out = done.output().orElseThrow();
      assertThat(out.path("sid").asString()).isEqualTo("SM1");
      assertThat(out.path("to").asString()).isEqualTo("+15552223333");
      assertThat(out.path("sandbox").asBoolean()).isFalse();
      assertThat(received).singleElement().satisfies(form -> {
        assertThat(form.get("_method")).isEqualTo("POST");
        assertThat(form.get("_path")).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
        assertThat(form.get("_contentType")).startsWith("application/x-www-form-urlencoded");
        assertThat(form).containsEntry("To", "+15552223333").containsEntry("From", FROM)
            .containsEntry("Body", "Hi Ana, we open at 9.")
            .containsEntry("StatusCallback", "https://switchboard.example/hooks/twilio/status");
      });
      assertThat(messages.statuses).containsValue("queued:SM1");
    }
  }

  @Test
  void shouldAddTheWhatsappPrefixAndUseTheChosenCredential() {
    try (var h = harness("not-this-token")) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'whatsapp.send@1', 'name': 'WA', 'config': {'to': '+15552223333', 'body': 'Hello',
           'credentialId': '%s'}}""".formatted(TWILIO_CREDENTIAL), "{}");
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(received.getFirst()).containsEntry("To", "whatsapp:+15552223333").containsEntry("From", "whatsapp:" + FROM);
    }
  }

  @Test
  void shouldRefuseAnOptedOutContactWithoutCallingTwilio() throws Exception {
    Contact stopped = contacts.create(TenantId.random(), ContactChanges.none().withPhone("+15552223333"));
    contacts.optOut(stopped.id());
    try (var h = harness(TOKEN)) {
      ExecutionRecord done = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '+15552223333', 'body': 'Hi'}}", "{}");
      assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("opted_out");
      assertThat(done.error().orElseThrow().path("message").asString()).contains("replied STOP");
      assertThat(received).isEmpty();
      assertThat(messages.statuses).containsValue("refused:");
    }
  }

  @Test
  void shouldExplainTwiliosRefusals() {
    try (var h = harness("wrong-token")) {
      ExecutionRecord auth = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '+15552223333', 'body': 'Hi'}}", "{}");
      assertThat(auth.error().orElseThrow().path("code").asString()).isEqualTo("provider_auth");
      assertThat(auth.error().orElseThrow().path("message").asString()).contains("Account SID and Auth Token");
      assertThat(messages.statuses).containsValue("failed:");
    }
    answer.set(400);
    try (var h = harness(TOKEN)) {
      ExecutionRecord bad = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '+15552223333', 'body': 'Hi'}}", "{}");
      assertThat(bad.error().orElseThrow().path("code").asString()).isEqualTo("invalid_number");
    }
    try (var h = harness(TOKEN)) {
      ExecutionRecord notANumber = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': 'call me', 'body': 'Hi'}}", "{}");
      assertThat(notANumber.error().orElseThrow().path("code").asString()).isEqualTo("invalid_number");
      assertThat(notANumber.error().orElseThrow().path("message").asString()).contains("+15551234567");
      ExecutionRecord foreignFrom = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'config': {'to': '+15552223333', 'body': 'Hi', 'from': '+15559999999'}}", "{}");
      assertThat(foreignFrom.error().orElseThrow().path("code").asString()).isEqualTo("no_sender");
    }
  }

  @Test
  void shouldTreatTwilioOutagesAsRetryable() {
    answer.set(503);
    try (var h = harness(TOKEN)) {
      ExecutionRecord down = h.run("{'id': 'call', 'type': 'sms.send@1', 'name': 'Reply', 'options': {'retry': {'maxAttempts': 1}}, "
          + "'config': {'to': '+15552223333', 'body': 'Hi'}}", "{}");
      assertThat(down.error().orElseThrow().path("code").asString()).isEqualTo("provider_busy");
      assertThat(calls.get()).as("the SDK retries a 5xx itself").isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void shouldPlaceACallThatSpeaksTheMessage() {
    try (var h = harness(TOKEN)) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'call.place@1', 'name': 'Call', 'config': {'to': '+15552223333',
           'message': 'Your table for <2> is ready & waiting'}}""", "{}");
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(received.getFirst().get("_path")).endsWith("/Calls.json");
      assertThat(received.getFirst().get("Twiml"))
          .isEqualTo("<Response><Say>Your table for &lt;2&gt; is ready &amp; waiting</Say></Response>");
      assertThat(received.getFirst()).containsEntry("StatusCallback", "https://switchboard.example/hooks/twilio/call");
    }
  }

  @Test
  void shouldVerifyAnAccountForTestConnection() throws Exception {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    TwilioMessaging twilio = new TwilioMessaging(new TwilioClients());
    TwilioMessaging.Accepted account = twilio.verify(new TwilioAccount(SID, TOKEN, base, false));
    assertThat(account.sid()).isEqualTo("Acme Dental");
    assertThat(account.status()).isEqualTo("active");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> twilio.verify(new TwilioAccount(SID, "wrong", base, false)))
        .isInstanceOf(ProviderFailure.class).hasMessageContaining("Account SID and Auth Token");
  }

  /** The CRM as a map: enough for the opt-out check. */
  static final class FakeContacts implements ContactBook {
    final Map<UUID, Contact> byId = new ConcurrentHashMap<>();

    void optOut(UUID id) {
      Contact c = byId.get(id);
      byId.put(id, new Contact(c.id(), "Bo", "", c.phone(), c.email(), "", List.of(), "new", Optional.empty(),
          JsonNodeFactory.instance.objectNode(), true, false));
    }

    @Override public Optional<Contact> find(TenantId t, UUID id) { return Optional.ofNullable(byId.get(id)); }
    @Override public Optional<Contact> findByPhone(TenantId t, String e164) {
      return byId.values().stream().filter(c -> c.phone().equals(Optional.of(e164))).findFirst();
    }
    @Override public Optional<Contact> findByEmail(TenantId t, String email) { return Optional.empty(); }
    @Override public Contact create(TenantId t, ContactChanges f) {
      Contact c = new Contact(UUID.randomUUID(), "", "", f.phone(), f.email(), "", List.of(), "new", Optional.empty(),
          JsonNodeFactory.instance.objectNode(), false, false);
      byId.put(c.id(), c);
      return c;
    }
    @Override public Optional<Contact> update(TenantId t, UUID id, ContactChanges c) { return find(t, id); }
    @Override public Optional<Contact> tag(TenantId t, UUID id, Set<String> add, Set<String> remove) { return find(t, id); }
    @Override public void setSmsOptOut(TenantId t, UUID id, boolean o, String s) {}
    @Override public void setEmailOptOut(TenantId t, UUID id, boolean o, String s) {}
    @Override public void recordActivity(TenantId t, UUID id, Activity a) {}
  }

  /** Message records as "status:providerId". */
  static final class FakeMessages implements MessageLog {
    final Map<UUID, String> statuses = new ConcurrentHashMap<>();
    final List<Outbound> outbound = new ArrayList<>();

    @Override public UUID recordOutbound(TenantId t, Outbound m) {
      UUID id = UUID.randomUUID();
      outbound.add(m);
      statuses.put(id, "queued:");
      return id;
    }

    @Override public void update(TenantId t, UUID id, String status, Optional<String> providerId, Optional<String> error) {
      statuses.put(id, status + ":" + providerId.orElse(""));
    }
  }
}
