package io.switchboard.nodes.http;

import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.EngineHarnessAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP node against a real local server (allowed by the platform allow-list for the test). */
class HttpRequestTest {

  private static final UUID BEARER = UUID.randomUUID();
  private HttpServer server;
  private String base;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/leads", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " auth=" + exchange.getRequestHeaders()
          .getFirst("Authorization") + " type=" + exchange.getRequestHeaders().getFirst("Content-Type") + " body=" + body);
      byte[] answer = "{\"ok\": true, \"score\": 42}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
      exchange.close();
    });
    server.createContext("/down", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.createContext("/missing", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static final CredentialResolver CREDENTIALS = (tenant, id) -> id.equals(BEARER)
      ? Optional.of(new Credential(id, "http.bearer", "CRM", Map.of("token", "tok-123"))) : Optional.empty();

  @Test
  void shouldCallTheApiWithQueryAuthAndJsonBodyAndParseTheAnswer() {
    try (var h = EngineHarnessAccess.withHttp(CREDENTIALS, List.of("127.0.0.1"))) {
      ExecutionRecord done = h.run("""
          {'id': 'call', 'type': 'http.request@1', 'name': 'Enrich', 'config': {
            'method': 'POST', 'url': '%s/leads', 'query': {'source': 'sms'}, 'bodyType': 'json',
            'body': {'phone': '{{ trigger.phone }}'}, 'auth': 'bearer', 'credentialId': '%s'}}
          """.formatted(base, BEARER), "{'phone': '+15551234567'}");
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("body").path("score").asInt()).isEqualTo(42);
      assertThat(seen).singleElement().satisfies(s -> assertThat(s)
          .contains("POST /leads?source=sms", "auth=Bearer tok-123", "application/json", "+15551234567"));
    }
  }

  @Test
  void shouldRetryServerErrorsAndNotClientErrors() {
    try (var h = EngineHarnessAccess.withHttp(CREDENTIALS, List.of("127.0.0.1"))) {
      ExecutionRecord down = h.run("{'id': 'call', 'type': 'http.request@1', 'name': 'Call', 'config': {'url': '%s/down'}}"
          .formatted(base), "{}");
      assertThat(down.error().orElseThrow().path("code").asString()).isEqualTo("http_503");
      ExecutionRecord missing = h.run("{'id': 'call', 'type': 'http.request@1', 'name': 'Call', 'config': {'url': '%s/missing'}}"
          .formatted(base), "{}");
      assertThat(missing.error().orElseThrow().path("code").asString()).isEqualTo("http_404");
    }
  }

  @Test
  void shouldRefuseInternalAddressesWithoutTheAllowList() {
    try (var h = EngineHarnessAccess.withHttp(CREDENTIALS, List.of())) {
      for (String url : List.of(base + "/leads", "http://10.0.0.1/x", "http://169.254.169.254/latest/meta-data",
          "http://localhost:1/")) {
        ExecutionRecord refused = h.run("{'id': 'call', 'type': 'http.request@1', 'name': 'Call', 'config': {'url': '%s'}}"
            .formatted(url), "{}");
        assertThat(refused.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(refused.error().orElseThrow().path("code").asString()).as(url).isEqualTo("ssrf_refused");
      }
      assertThat(seen).as("nothing reached the local server").isEmpty();
      // a name that does not exist is not a refusal: it says so
      ExecutionRecord unknown = h.run("{'id': 'call', 'type': 'http.request@1', 'name': 'Call', 'config': "
          + "{'url': 'http://no-such-host.invalid/x'}}", "{}");
      assertThat(unknown.error().orElseThrow().path("code").asString()).isEqualTo("host_not_found");
      assertThat(unknown.error().orElseThrow().path("message").asString()).contains("could not be found");
    }
  }

  @Test
  void shouldExplainAMissingCredential() {
    try (var h = EngineHarnessAccess.withHttp(CREDENTIALS, List.of("127.0.0.1"))) {
      ExecutionRecord done = h.run("{'id': 'call', 'type': 'http.request@1', 'name': 'Call', 'config': {'url': '%s/leads', 'auth': 'bearer'}}"
          .formatted(base), "{}");
      assertThat(done.error().orElseThrow().path("code").asString()).isEqualTo("missing_credential");
    }
  }
}
