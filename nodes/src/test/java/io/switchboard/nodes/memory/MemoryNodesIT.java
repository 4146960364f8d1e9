package io.switchboard.nodes.memory;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.EngineHarnessAccess;
import io.switchboard.nodes.ai.AgentTools;
import io.switchboard.nodes.ai.AiNodes;
import io.switchboard.nodes.ai.ContactMemory;
import io.switchboard.nodes.ai.KnowledgeSearch;
import io.switchboard.nodes.ai.PlatformModels;
import io.switchboard.nodes.ai.TextMessages;
import io.switchboard.nodes.ai.UsageMeter;
import io.switchboard.nodes.rag.AppRoleDatabase;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remember and recall steps on the PostgreSQL memory graph, with facts extracted by a model
 * speaking OpenAI's wire format (the backends themselves: {@link ContactMemoryContract}).
 */
class MemoryNodesIT {

  static AppRoleDatabase database;
  static TenantDatabase db;
  static PostgresContactMemory memory;

  @BeforeAll
  static void start() {
    database = AppRoleDatabase.start();
    db = database.db;
    memory = new PostgresContactMemory(db);
  }

  @AfterAll
  static void stop() {
    database.close();
  }

  record Scope(TenantId tenant, UUID contact) {}

  static Scope contact(String name) {
    TenantId tenant = database.tenant(name);
    UUID contact = UUID.randomUUID();
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO contacts (tenant_id, id, first_name) VALUES (?, ?, ?)", tenant.value(),
        contact, name));
    return new Scope(tenant, contact);
  }

  @Test
  void shouldRememberTheFactsTheModelExtractsAsAGraphAndRecallThem() throws Exception {
    Scope s = contact("Eve");
    memory.remember(s.tenant(), s.contact(), "preferred_day", "Tuesday", Instant.parse("2026-01-01T00:00:00Z"), "old note");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext("/v1/chat/completions", exchange -> {
      prompts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String content = "{\"facts\": [{\"subject\": \"contact\", \"relation\": \"preferred_day\", \"object\": \"Friday\", "
          + "\"objectKind\": \"value\", \"singleValued\": true}, {\"subject\": \"contact\", \"relation\": \"has_child\", "
          + "\"object\": \"Mia\", \"objectKind\": \"person\", \"singleValued\": false}, {\"subject\": \"contact\", "
          + "\"relation\": \"has_child\", \"object\": \"Leo\", \"objectKind\": \"person\", \"singleValued\": false}, "
          + "{\"subject\": \"Mia\", \"subjectKind\": \"person\", \"relation\": \"attends\", \"object\": \"Oak Street School\", "
          + "\"objectKind\": \"organisation\", \"singleValued\": true}]}";
      byte[] body = ("{\"id\": \"c1\", \"object\": \"chat.completion\", \"created\": 1, \"model\": \"gpt-4o-mini\", \"choices\": "
          + "[{\"index\": 0, \"message\": {\"role\": \"assistant\", \"content\": " + tools.jackson.databind.json.JsonMapper.builder()
          .build().writeValueAsString(content) + "}, \"finish_reason\": \"stop\"}], \"usage\": {\"prompt_tokens\": 80, "
          + "\"completion_tokens\": 20, \"total_tokens\": 100}}").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    UUID credential = UUID.randomUUID();
    CredentialResolver credentials = (t, id) -> id.equals(credential) ? Optional.of(new Credential(id, "llm", "Main",
        Map.of("provider", "openai", "apiKey", "k", "baseUrl", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1")))
        : Optional.empty();
    // The harness runs under its own tenant id: the memory port maps it to this test's tenant.
    ContactMemory scoped = new ContactMemory() {
      @Override public Episode addEpisode(TenantId t, UUID c, EpisodeKind k, String content, Instant at) {
        return memory.addEpisode(s.tenant(), c, k, content, at);
      }
      @Override public Remembered remember(TenantId t, UUID c, Statement st, Instant at, Optional<UUID> e, String src) {
        return memory.remember(s.tenant(), c, st, at, e, src);
      }
      @Override public List<Fact> current(TenantId t, UUID c) { return memory.current(s.tenant(), c); }
      @Override public List<Fact> history(TenantId t, UUID c, String a) { return memory.history(s.tenant(), c, a); }
      @Override public List<Fact> matching(TenantId t, UUID c, String text) { return memory.matching(s.tenant(), c, text); }
      @Override public List<Episode> episodes(TenantId t, UUID c) { return memory.episodes(s.tenant(), c); }
    };
    try (var h = EngineHarnessAccess.with(credentials, AiNodes.all(new AiNodes.Ports(PlatformModels.NONE, UsageMeter.NONE,
        new AgentTools.Ports(null, KnowledgeSearch.NONE, TextMessages.NONE), scoped)).toArray(io.switchboard.engine.spi.NodeType[]::new))) {
      ExecutionRecord remembered = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + s.contact() + "', 'episode': '{{ trigger.body }}', 'episodeKind': 'call', 'credentialId': '" + credential + "'}}",
          "{'body': 'Fridays suit me better now, I have to pick up my two kids on Tuesdays.'}");
      assertThat(remembered.status()).as(String.valueOf(remembered.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      JsonNode out = remembered.output().orElseThrow();
      assertThat(out.path("replaced").get(0).path("previous").asString()).isEqualTo("Tuesday");
      assertThat(out.path("added")).extracting(n -> n.path("attribute").asString() + "=" + n.path("value").asString())
          .containsExactly("has_child=Mia", "has_child=Leo", "mia attends=Oak Street School");
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(80);
      List<ContactMemory.Episode> episodes = memory.episodes(s.tenant(), s.contact());
      assertThat(episodes).extracting(ContactMemory.Episode::kind).containsExactly(ContactMemory.EpisodeKind.CALL);
      assertThat(out.path("episodeId").asString()).isEqualTo(episodes.getFirst().id().toString());
      assertThat(memory.current(s.tenant(), s.contact())).filteredOn(f -> !f.value().equals("Tuesday"))
          .allSatisfy(f -> assertThat(f.episodeId()).contains(episodes.getFirst().id()));

      JsonNode recalled = h.run("{'id': 'call', 'type': 'ai.recall@1', 'name': 'Recall', 'config': {'contactId': '" + s.contact()
          + "'}}", "{}").output().orElseThrow();
      assertThat(recalled.path("current").path("preferred_day").asString()).isEqualTo("Friday");
      assertThat(recalled.path("current").path("has_child")).extracting(JsonNode::asString).containsExactly("Leo", "Mia");
      assertThat(recalled.path("current").path("mia attends").asString()).isEqualTo("Oak Street School");
      assertThat(recalled.path("facts")).anySatisfy(f -> {
        assertThat(f.path("subject").asString()).isEqualTo("Mia");
        assertThat(f.path("subjectKind").asString()).isEqualTo("person");
        assertThat(f.path("episodeId").asString()).isEqualTo(episodes.getFirst().id().toString());
      });
      JsonNode history = h.run("{'id': 'call', 'type': 'ai.recall@1', 'name': 'Recall', 'config': {'contactId': '" + s.contact()
          + "', 'attribute': 'preferred_day'}}", "{}").output().orElseThrow();
      assertThat(history.path("facts")).hasSize(2);
      assertThat(history.path("facts").get(0).path("validTo").isNull()).isFalse();

      ExecutionRecord sandbox = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + s.contact() + "', 'episode': 'I moved to Boston'}}", "{}");
      assertThat(sandbox.error().orElseThrow().path("code").asString()).isEqualTo("memory_needs_model");
      ExecutionRecord explicit = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + s.contact() + "', 'facts': [{'attribute': 'city', 'value': 'Boston'}]}}", "{}");
      assertThat(explicit.output().orElseThrow().path("added").get(0).path("value").asString()).isEqualTo("Boston");
      ExecutionRecord triple = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + s.contact() + "', 'facts': [{'subject': 'Mia', 'relation': 'attends', 'object': 'Pine Hill School'}]}}", "{}");
      assertThat(triple.output().orElseThrow().path("replaced").get(0).path("previous").asString()).isEqualTo("Oak Street School");
      JsonNode about = h.run("{'id': 'call', 'type': 'ai.recall@1', 'name': 'Recall', 'config': {'contactId': '" + s.contact()
          + "', 'query': 'which school?'}}", "{}").output().orElseThrow();
      assertThat(about.path("facts")).extracting(f -> f.path("value").asString()).containsExactly("Pine Hill School");
      ExecutionRecord stranger = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + UUID.randomUUID() + "', 'facts': [{'attribute': 'city', 'value': 'Boston'}]}}", "{}");
      assertThat(stranger.error().orElseThrow().path("code").asString()).isEqualTo("contact_not_found");
    } finally {
      server.stop(0);
    }
    assertThat(prompts.getFirst()).contains("contact | preferred_day | Tuesday").contains("pick up my two kids");
  }
}
