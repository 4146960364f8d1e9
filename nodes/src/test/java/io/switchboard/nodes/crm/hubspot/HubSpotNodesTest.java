package io.switchboard.nodes.crm.hubspot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.ProviderHarness;
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
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HubSpot nodes against a local server that checks HubSpot's CRM v3 wire format. */
class HubSpotNodesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID HUBSPOT = UUID.randomUUID();

  private record Seen(String method, String path, String auth, JsonNode body) {}

  private HttpServer server;
  private HubSpotApi api;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final AtomicInteger failWith = new AtomicInteger(0);
  private final AtomicReference<String> searchAnswer = new AtomicReference<>("{\"total\": 0, \"results\": []}");

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/crm/v3/objects/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      seen.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
          body.isEmpty() ? null : JSON.readTree(body)));
      if (failWith.get() != 0) {
        if (failWith.get() == 429) {
          exchange.getResponseHeaders().add("Retry-After", "10");
        }
        answer(exchange, failWith.get(), "{\"status\": \"error\", \"message\": \"Authentication credentials not found.\","
            + " \"category\": \"INVALID_AUTHENTICATION\"}");
        return;
      }
      switch (exchange.getRequestMethod() + " " + path) {
        case "POST /crm/v3/objects/contacts/batch/upsert" -> answer(exchange, 200,
            "{\"status\": \"COMPLETE\", \"results\": [{\"id\": \"501\", \"new\": true, \"properties\": {}}]}");
        case "POST /crm/v3/objects/contacts/search" -> answer(exchange, 200, searchAnswer.get());
        case "POST /crm/v3/objects/contacts" -> answer(exchange, 201, "{\"id\": \"502\", \"properties\": {}}");
        case "PATCH /crm/v3/objects/contacts/777" -> answer(exchange, 200, "{\"id\": \"777\", \"properties\": {}}");
        case "GET /crm/v3/objects/contacts" -> answer(exchange, 200, "{\"results\": []}");
        case "POST /crm/v3/objects/notes" -> answer(exchange, 201, "{\"id\": \"9001\", \"properties\": {}}");
        default -> answer(exchange, 404, "{\"message\": \"no such route\"}");
      }
    });
    server.start();
    api = new HubSpotApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
  }

  private static void answer(HttpExchange exchange, int status, String json) throws IOException {
    byte[] out = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, out.length);
    exchange.getResponseBody().write(out);
    exchange.close();
  }

  @AfterEach
  void stop() throws IOException {
    server.stop(0);
    api.close();
  }

  private ProviderHarness harness() {
    CredentialResolver credentials = (tenant, id) -> id.equals(HUBSPOT)
        ? Optional.of(new Credential(id, "hubspot", "Acme HubSpot", Map.of("token", "pat-na1-secret"))) : Optional.empty();
    return new ProviderHarness(credentials, new HubSpotUpsert(api), new HubSpotNote(api));
  }

  @Test
  void shouldUpsertAContactByEmailWithTheBatchUpsertEndpoint() {
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'crm.hubspot-upsert@1', 'name': 'HubSpot contact', 'config': {
            'credentialId': '%s', 'email': '{{ trigger.email }}', 'firstName': '{{ trigger.name }}', 'company': 'Hat Co',
            'properties': {'lifecyclestage': 'lead'}}}
          """.formatted(HUBSPOT), "{'email': 'hal@example.com', 'name': 'Hal'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      Seen call = seen.getFirst();
      assertThat(seen).hasSize(1);
      assertThat(call.method() + " " + call.path()).isEqualTo("POST /crm/v3/objects/contacts/batch/upsert");
      assertThat(call.auth()).isEqualTo("Bearer pat-na1-secret");
      JsonNode input = call.body().path("inputs").path(0);
      assertThat(input.path("idProperty").asString()).isEqualTo("email");
      assertThat(input.path("id").asString()).isEqualTo("hal@example.com");
      assertThat(input.path("properties").path("firstname").asString()).isEqualTo("Hal");
      assertThat(input.path("properties").path("company").asString()).isEqualTo("Hat Co");
      assertThat(input.path("properties").path("lifecyclestage").asString()).isEqualTo("lead");
      assertThat(done.output().orElseThrow().path("hubspot_id").asString()).isEqualTo("501");
      assertThat(done.output().orElseThrow().path("created").asBoolean()).isTrue();
    }
  }

  @Test
  void shouldUpsertByPhoneBySearchingThenCreatingOrUpdating() {
    String node = """
        {'id': 'call', 'type': 'crm.hubspot-upsert@1', 'name': 'HubSpot contact', 'config': {
          'credentialId': '%s', 'matchBy': 'phone', 'phone': '{{ trigger.phone }}', 'lastName': 'Ives'}}
        """.formatted(HUBSPOT);
    try (ProviderHarness h = harness()) {
      ExecutionRecord created = h.run(node, "{'phone': '+15551230000'}");
      assertThat(created.output().orElseThrow().path("hubspot_id").asString()).isEqualTo("502");
      assertThat(seen).extracting(s -> s.method() + " " + s.path())
          .containsExactly("POST /crm/v3/objects/contacts/search", "POST /crm/v3/objects/contacts");
      JsonNode filter = seen.get(0).body().path("filterGroups").path(0).path("filters").path(0);
      assertThat(filter.path("propertyName").asString()).isEqualTo("phone");
      assertThat(filter.path("operator").asString()).isEqualTo("EQ");
      assertThat(filter.path("value").asString()).isEqualTo("+15551230000");
      assertThat(seen.get(1).body().path("properties").path("lastname").asString()).isEqualTo("Ives");

      seen.clear();
      searchAnswer.set("{\"total\": 1, \"results\": [{\"id\": \"777\", \"properties\": {}}]}");
      ExecutionRecord updated = h.run(node, "{'phone': '+15551230000'}");
      assertThat(updated.output().orElseThrow().path("hubspot_id").asString()).isEqualTo("777");
      assertThat(updated.output().orElseThrow().path("created").asBoolean()).isFalse();
      assertThat(seen).extracting(s -> s.method() + " " + s.path())
          .containsExactly("POST /crm/v3/objects/contacts/search", "PATCH /crm/v3/objects/contacts/777");
      assertThat(seen.get(1).body().path("properties").path("phone").asString()).isEqualTo("+15551230000");
    }
  }

  @Test
  void shouldAddANoteAssociatedWithTheContactFoundByEmail() {
    searchAnswer.set("{\"total\": 1, \"results\": [{\"id\": \"777\", \"properties\": {}}]}");
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'crm.hubspot-note@1', 'name': 'Note', 'config': {
            'credentialId': '%s', 'email': '{{ trigger.email }}', 'note': 'Called back: {{ trigger.summary }}'}}
          """.formatted(HUBSPOT), "{'email': 'ivy@example.com', 'summary': 'wants a quote'}");

      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(seen).extracting(s -> s.method() + " " + s.path())
          .containsExactly("POST /crm/v3/objects/contacts/search", "POST /crm/v3/objects/notes");
      JsonNode note = seen.get(1).body();
      assertThat(seen.get(1).auth()).isEqualTo("Bearer pat-na1-secret");
      assertThat(note.path("properties").path("hs_note_body").asString()).isEqualTo("Called back: wants a quote");
      assertThat(note.path("properties").path("hs_timestamp").asString()).isEqualTo(h.now().toString());
      JsonNode association = note.path("associations").path(0);
      assertThat(association.path("to").path("id").asString()).isEqualTo("777");
      assertThat(association.path("types").path(0).path("associationCategory").asString()).isEqualTo("HUBSPOT_DEFINED");
      assertThat(association.path("types").path(0).path("associationTypeId").asInt()).isEqualTo(202);
      assertThat(done.output().orElseThrow().path("note_id").asString()).isEqualTo("9001");
    }
  }

  @Test
  void shouldFailWithContactNotFoundWhenNoContactHasTheEmail() {
    try (ProviderHarness h = harness()) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'crm.hubspot-note@1', 'name': 'Note', 'config': {
            'credentialId': '%s', 'email': 'nobody@example.com', 'note': 'hello'}}
          """.formatted(HUBSPOT), "{}");

      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("contact_not_found");
      assertThat(seen).extracting(Seen::path).containsExactly("/crm/v3/objects/contacts/search");
    }
  }

  @Test
  void shouldMapHubSpotFailuresToClearCodes() {
    String node = """
        {'id': 'call', 'type': 'crm.hubspot-upsert@1', 'name': 'HubSpot contact', 'config': {
          'credentialId': '%s', 'email': 'hal@example.com'}}
        """.formatted(HUBSPOT);
    for (var expected : Map.of(401, "provider_auth", 403, "provider_forbidden", 429, "provider_busy", 502, "provider_busy",
        400, "provider_refused").entrySet()) {
      failWith.set(expected.getKey());
      try (ProviderHarness h = harness()) {
        ExecutionRecord done = h.run(node, "{}");
        assertThat(done.status()).as("status %s", expected.getKey()).isEqualTo(ExecutionStatus.FAILED);
        JsonNode error = done.error().orElseThrow();
        assertThat(error.path("code").asString()).as("status %s", expected.getKey()).isEqualTo(expected.getValue());
        assertThat(error.path("message").asString()).doesNotContain("pat-na1-secret");
        if (expected.getKey() == 429) {
          assertThat(error.path("message").asString()).contains("retry after 10 s");
        }
      }
    }
  }

  @Test
  void shouldReadOneContactToTestTheConnection() throws Exception {
    api.check("pat-na1-secret");
    assertThat(seen).singleElement().satisfies(s -> {
      assertThat(s.method() + " " + s.path()).isEqualTo("GET /crm/v3/objects/contacts");
      assertThat(s.auth()).isEqualTo("Bearer pat-na1-secret");
    });
    failWith.set(401);
    assertThatThrownBy(() -> api.check("pat-na1-wrong")).isInstanceOfSatisfying(
        io.switchboard.nodes.messaging.ProviderFailure.class, f -> assertThat(f.code()).isEqualTo("provider_auth"));
  }

  @Test
  void shouldRefuseWithoutAHubSpotCredentialOrWithoutTheFieldToMatchBy() {
    try (ProviderHarness h = harness()) {
      assertThat(h.run("{'id': 'call', 'type': 'crm.hubspot-upsert@1', 'name': 'H', 'config': {'email': 'a@b.co'}}", "{}")
          .error().orElseThrow().path("code").asString()).isEqualTo("credential_missing");
      assertThat(h.run("{'id': 'call', 'type': 'crm.hubspot-upsert@1', 'name': 'H', 'config': {'credentialId': '"
          + HUBSPOT + "', 'matchBy': 'phone', 'email': 'a@b.co'}}", "{}")
          .error().orElseThrow().path("code").asString()).isEqualTo("missing_match_field");
      assertThat(seen).isEmpty();
    }
  }
}
