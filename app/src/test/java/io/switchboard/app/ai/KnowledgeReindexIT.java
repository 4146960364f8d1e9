package io.switchboard.app.ai;

import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.TestPostgres;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-indexing one knowledge-base document: extracted, chunked and embedded again in the background
 * from its stored file, with its status to follow; when that fails its earlier chunks stay and keep
 * answering searches, with the reason shown beside the document.
 */
class KnowledgeReindexIT extends IntegrationTestBase {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldReindexOneDocumentAndKeepItsChunksWhenReindexingFails() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Reindex Dental", uniqueEmail("reindex"), "tenant-password-1");
    String other = api.signUpAndToken("Reindex Other", uniqueEmail("reindex-other"), "tenant-password-1");
    String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Dental FAQ"), owner).text("id");
    HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/knowledge-bases/" + kb + "/documents?fileName=hours.md"))
        .header("Authorization", "Bearer " + owner).header("Content-Type", "application/octet-stream")
        .POST(HttpRequest.BodyPublishers.ofByteArray("""
            # Opening hours
            The dental practice is open Monday to Thursday from 8:00 to 17:00.

            # Emergencies
            For a toothache at night call the emergency line 555-0199.
            """.getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).isEqualTo(202);
    String document = ApiClient.JSON.readTree(uploaded.body()).path("id").asString();
    JsonNode first = KnowledgeBasesApiIT.awaitDone(api, owner, kb, document);
    assertThat(first.path("status").asString()).isEqualTo("indexed");
    int chunks = first.path("chunks").asInt();
    assertThat(chunks).isPositive();
    String path = "/api/v1/knowledge-bases/" + kb + "/documents/" + document;

    // re-indexed in the background: queued at once, indexed again with the same passages
    ApiClient.Response queued = api.post(path + "/reindex", Map.of(), owner);
    assertThat(queued.status()).as(queued.body().toString()).isEqualTo(202);
    assertThat(queued.text("status")).isIn("queued", "processing", "indexed");
    JsonNode again = KnowledgeBasesApiIT.awaitDone(api, owner, kb, document);
    assertThat(again.path("status").asString()).isEqualTo("indexed");
    assertThat(again.path("chunks").asInt()).isEqualTo(chunks);
    assertThat(again.path("errorMessage").isNull()).isTrue();
    assertThat(api.get("/api/v1/audit-log", owner).body().toString()).contains("knowledge_base.document_reindexed");

    // the stored file is lost: re-indexing fails, the earlier chunks stay in use
    try (Connection c = TestPostgres.server().adminDataSource().getConnection();
         PreparedStatement ps = c.prepareStatement("update kb_documents set content = ''::bytea where tenant_id = "
             + "(select tenant_id from kb_documents where id = ?) and id = ?")) {
      ps.setObject(1, UUID.fromString(document));
      ps.setObject(2, UUID.fromString(document));
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    assertThat(api.post(path + "/reindex", Map.of(), owner).status()).isEqualTo(202);
    JsonNode failed = KnowledgeBasesApiIT.awaitDone(api, owner, kb, document);
    assertThat(failed.path("status").asString()).isEqualTo("indexed");
    assertThat(failed.path("errorCode").asString()).isEqualTo("file_empty");
    assertThat(failed.path("errorMessage").asString()).startsWith("Re-indexing failed, so the earlier index is still used");
    assertThat(failed.path("chunks").asInt()).isEqualTo(chunks);
    JsonNode hits = api.post("/api/v1/knowledge-bases/" + kb + "/search", Map.of("query", "toothache at night"), owner).body();
    assertThat(hits.toString()).contains("555-0199");

    // another workspace cannot re-index it; an unknown document is not found
    assertThat(api.post(path + "/reindex", Map.of(), other).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/knowledge-bases/" + kb + "/documents/" + UUID.randomUUID() + "/reindex", Map.of(), owner)
        .status()).isEqualTo(404);
  }
}
