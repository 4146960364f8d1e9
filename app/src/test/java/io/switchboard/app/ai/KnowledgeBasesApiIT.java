package io.switchboard.app.ai;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Knowledge bases through the REST API on the whole application: upload, background ingestion with
 * status, refusal reasons, search with citations, and another workspace seeing none of it.
 */
class KnowledgeBasesApiIT extends IntegrationTestBase {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> upload(String token, String kb, String fileName, byte[] bytes) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/knowledge-bases/" + kb
            + "/documents?fileName=" + fileName))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The document once its ingestion is over (indexed or failed); also used by {@link KnowledgeReindexIT}. */
  static JsonNode awaitDone(ApiClient api, String token, String kb, String document) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      JsonNode doc = api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + document, token).body();
      String status = doc.path("status").asString();
      if (status.equals("indexed") || status.equals("failed")) {
        return doc;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("document " + document + " was not ingested in time");
  }

  @Test
  void shouldIngestUploadsInTheBackgroundSearchThemAndKeepThemFromOtherWorkspaces() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Kb Clinic", uniqueEmail("kb"), "tenant-password-1");
    String other = api.signUpAndToken("Other Shop", uniqueEmail("other"), "tenant-password-1");

    ApiClient.Response created = api.post("/api/v1/knowledge-bases", Map.of("name", "Clinic FAQ", "description", "front desk"), owner);
    assertThat(created.status()).isEqualTo(201);
    String kb = created.text("id");
    assertThat(api.post("/api/v1/knowledge-bases", Map.of("name", "clinic faq"), owner).status()).isEqualTo(409);

    HttpResponse<String> accepted = upload(owner, kb, "faq.md", """
        # Parking
        Free parking is behind the building, entrance on Elm Street.
        # Prices
        A routine cleaning costs 90 dollars.
        """.getBytes(StandardCharsets.UTF_8));
    assertThat(accepted.statusCode()).isEqualTo(202);
    JsonNode queued = ApiClient.JSON.readTree(accepted.body());
    assertThat(queued.path("status").asString()).isIn("queued", "processing", "indexed");
    JsonNode indexed = awaitDone(api, owner, kb, queued.path("id").asString());
    assertThat(indexed.path("status").asString()).isEqualTo("indexed");
    assertThat(indexed.path("progress").asInt()).isEqualTo(100);
    assertThat(indexed.path("chunks").asInt()).isEqualTo(2);

    JsonNode empty = ApiClient.JSON.readTree(upload(owner, kb, "empty.txt", new byte[0]).body());
    JsonNode refused = awaitDone(api, owner, kb, empty.path("id").asString());
    assertThat(refused.path("status").asString()).isEqualTo("failed");
    assertThat(refused.path("errorCode").asString()).isEqualTo("file_empty");
    assertThat(refused.path("errorMessage").asString()).contains("empty.txt is empty");

    JsonNode hits = api.post("/api/v1/knowledge-bases/" + kb + "/search", Map.of("query", "where do I park?", "topK", 2), owner).body();
    assertThat(hits.get(0).path("heading").asString()).isEqualTo("Parking");
    assertThat(hits.get(0).path("document").asString()).isEqualTo("faq.md");

    JsonNode listed = api.get("/api/v1/knowledge-bases", owner).body();
    assertThat(listed).singleElement().satisfies(k -> {
      assertThat(k.path("indexed").asInt()).isEqualTo(1);
      assertThat(k.path("failed").asInt()).isEqualTo(1);
    });

    assertThat(api.get("/api/v1/knowledge-bases", other).body()).isEmpty();
    assertThat(api.get("/api/v1/knowledge-bases/" + kb, other).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/knowledge-bases/" + kb + "/documents", other).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/knowledge-bases/" + kb + "/search", Map.of("query", "parking"), other).status()).isEqualTo(404);
    assertThat(upload(other, kb, "x.txt", "intruder".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + queued.path("id").asString(), other).status())
        .isEqualTo(404);

    assertThat(api.delete("/api/v1/knowledge-bases/" + kb + "/documents/" + queued.path("id").asString(), owner).status()).isEqualTo(204);
    assertThat(api.post("/api/v1/knowledge-bases/" + kb + "/search", Map.of("query", "where do I park?"), owner).body()).isEmpty();
  }

  @Test
  void shouldAddADocumentByUrlThroughTheSsrfGuardAndKeepTheReasonOfARefusal() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Url Clinic", uniqueEmail("url"), "tenant-password-1");
    String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Website"), owner).text("id");
    com.sun.net.httpserver.HttpServer site = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress(ALLOWED_TEST_HOST, 0), 0);
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    site.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = switch (exchange.getRequestURI().getPath()) {
        case "/opening-hours" -> "<html><body><h1>Opening hours</h1><p>We open at 8 am on Saturdays.</p></body></html>"
            .getBytes(StandardCharsets.UTF_8);
        case "/logo" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R'};
        default -> null;
      };
      exchange.getResponseHeaders().add("Content-Type", exchange.getRequestURI().getPath().equals("/logo") ? "image/png" : "text/html");
      exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
      if (body != null) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    site.start();
    String base = "http://" + ALLOWED_TEST_HOST + ":" + site.getAddress().getPort();
    try {
      ApiClient.Response accepted = api.post("/api/v1/knowledge-bases/" + kb + "/documents/url", Map.of("url", base + "/opening-hours"),
          owner);
      assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);
      assertThat(accepted.text("fileName")).isEqualTo("opening-hours.html");
      JsonNode indexed = awaitDone(api, owner, kb, accepted.text("id"));
      assertThat(indexed.path("status").asString()).isEqualTo("indexed");
      JsonNode hits = api.post("/api/v1/knowledge-bases/" + kb + "/search", Map.of("query", "when do you open on Saturday?"), owner).body();
      assertThat(hits.get(0).path("text").asString()).contains("8 am");

      ApiClient.Response image = api.post("/api/v1/knowledge-bases/" + kb + "/documents/url", Map.of("url", base + "/logo"), owner);
      assertThat(image.status()).isEqualTo(422);
      assertThat(image.text("code")).isEqualTo("url_not_a_document");

      int before = requests.get();
      String loopback = "http://127.0.0.1:" + site.getAddress().getPort() + "/opening-hours";
      ApiClient.Response refused = api.post("/api/v1/knowledge-bases/" + kb + "/documents/url", Map.of("url", loopback), owner);
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text("code")).isEqualTo("url_refused");
      assertThat(refused.body().toString()).contains("private network");
      assertThat(requests.get()).as("nothing was sent to the refused address").isEqualTo(before);

      JsonNode documents = api.get("/api/v1/knowledge-bases/" + kb + "/documents", owner).body();
      assertThat(documents).anySatisfy(d -> {
        assertThat(d.path("fileName").asString()).isEqualTo(loopback);
        assertThat(d.path("status").asString()).isEqualTo("failed");
        assertThat(d.path("errorCode").asString()).isEqualTo("url_refused");
      });
      assertThat(api.post("/api/v1/knowledge-bases/" + kb + "/documents/url", Map.of("url", "not a url"), owner).text("code"))
          .isEqualTo("url_invalid");
    } finally {
      site.stop(0);
    }
  }

  @Test
  void shouldRunAnAiStepWithTheMarkedSandboxModelAndMeterItsUsage() throws Exception {
    ApiClient api = api();
    String token = api.signUpAndToken("Llm Shop", uniqueEmail("llm"), "tenant-password-1");
    String tenant = api.get("/api/v1/me", token).text("tenantId");
    assertThat(api.get("/api/v1/node-types", token).body().toString())
        .contains("ai.llm@1").contains("ai.agent@1").contains("ai.kb-search@1").contains("ai.kb-answer@1");
    String workflow = api.post("/api/v1/workflows", Map.of("name", "Summarise", "graph", graph("""
        {'nodes': [
          {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
          {'id': 'ask', 'type': 'ai.llm@1', 'name': 'Summarise', 'config': {'userPrompt': 'Summarise: {{ trigger.text }}'}}],
         'edges': [{'from': 'start', 'to': 'ask'}]}
        """)), token).text("workflowId");
    String execution = api.post("/api/v1/workflows/" + workflow + "/run", Map.of("payload", Map.of("text", "Call me back")), token)
        .text("id");
    JsonNode detail = null;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      detail = api.get("/api/v1/executions/" + execution, token).body();
      if (detail.path("summary").path("status").asString().equals("succeeded")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(detail.path("summary").path("status").asString()).as(String.valueOf(detail)).isEqualTo("succeeded");
    JsonNode output = detail.path("steps").get(1).path("output");
    assertThat(output.path("sandbox").asBoolean()).isTrue();
    assertThat(output.path("text").asString()).startsWith("[Sandbox AI reply").contains("Call me back");
    try (var c = io.switchboard.app.support.TestPostgres.server().adminDataSource().getConnection();
         var ps = c.prepareStatement("select count(*), sum(input_tokens) from ai_usage where tenant_id = ?::uuid and sandbox "
             + "and execution_id = ?::uuid and node_id = 'ask'")) {
      ps.setString(1, tenant);
      ps.setString(2, execution);
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isPositive();
      }
    }
  }
}
