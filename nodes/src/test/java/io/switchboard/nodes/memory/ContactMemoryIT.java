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
 * Contact memory on a real PostgreSQL as the application role: a contradicting fact closes the old
 * one (history kept), current facts, facts matching words, tenant isolation; and the remember and
 * recall steps, with facts extracted by a model speaking OpenAI's wire format.
 */
class ContactMemoryIT {

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
  void shouldCloseAContradictedFactAndKeepItsHistory() {
    Scope s = contact("Dana");
    Instant monday = Instant.parse("2026-03-02T09:00:00Z");
    Instant friday = Instant.parse("2026-03-06T09:00:00Z");
    assertThat(memory.remember(s.tenant(), s.contact(), "Preferred day", "Tuesday", monday, "sms").change())
        .isEqualTo(ContactMemory.Change.ADDED);
    memory.remember(s.tenant(), s.contact(), "pet", "a dog called Rex", monday, "call");
    assertThat(memory.remember(s.tenant(), s.contact(), "preferred_day", "tuesday", friday, "sms").change())
        .as("same value").isEqualTo(ContactMemory.Change.UNCHANGED);
    ContactMemory.Remembered moved = memory.remember(s.tenant(), s.contact(), "preferred_day", "Friday", friday, "sms");
    assertThat(moved.change()).isEqualTo(ContactMemory.Change.REPLACED);
    assertThat(moved.closed().orElseThrow().value()).isEqualTo("Tuesday");

    assertThat(memory.current(s.tenant(), s.contact())).extracting(ContactMemory.Fact::attribute, ContactMemory.Fact::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("pet", "a dog called Rex"),
            org.assertj.core.groups.Tuple.tuple("preferred_day", "Friday"));
    List<ContactMemory.Fact> history = memory.history(s.tenant(), s.contact(), "preferred day");
    assertThat(history).extracting(ContactMemory.Fact::value).containsExactly("Tuesday", "Friday");
    assertThat(history.getFirst().validTo()).contains(friday);
    assertThat(history.get(1).validTo()).isEmpty();
    assertThat(memory.matching(s.tenant(), s.contact(), "does she have a dog?")).extracting(ContactMemory.Fact::attribute)
        .containsExactly("pet");
  }

  @Test
  void shouldKeepEachTenantsMemoriesToItself() {
    Scope a = contact("Alpha");
    Scope b = contact("Beta");
    memory.remember(a.tenant(), a.contact(), "budget", "5000 dollars", Instant.now(), "note");
    assertThat(memory.current(b.tenant(), a.contact())).isEmpty();
    assertThat(memory.history(b.tenant(), a.contact(), "budget")).isEmpty();
    assertThat(memory.matching(b.tenant(), a.contact(), "budget dollars")).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> memory.remember(b.tenant(), a.contact(), "budget", "0", Instant.now(), "x"))
        .as("B cannot attach a fact to A's contact").isInstanceOf(RuntimeException.class);
    assertThat(memory.current(a.tenant(), a.contact())).extracting(ContactMemory.Fact::value).containsExactly("5000 dollars");
  }

  @Test
  void shouldRememberFactsTheModelExtractsAndRecallThem() throws Exception {
    Scope s = contact("Eve");
    memory.remember(s.tenant(), s.contact(), "preferred_day", "Tuesday", Instant.parse("2026-01-01T00:00:00Z"), "old note");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> prompts = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.createContext("/v1/chat/completions", exchange -> {
      prompts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String content = "{\"facts\": [{\"attribute\": \"preferred_day\", \"value\": \"Friday\"}, "
          + "{\"attribute\": \"children\", \"value\": \"two kids\"}]}";
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
      @Override public Remembered remember(TenantId t, UUID c, String a, String v, Instant at, String src) {
        return memory.remember(s.tenant(), c, a, v, at, src);
      }
      @Override public List<Fact> current(TenantId t, UUID c) { return memory.current(s.tenant(), c); }
      @Override public List<Fact> history(TenantId t, UUID c, String a) { return memory.history(s.tenant(), c, a); }
      @Override public List<Fact> matching(TenantId t, UUID c, String text) { return memory.matching(s.tenant(), c, text); }
    };
    try (var h = EngineHarnessAccess.with(credentials, AiNodes.all(new AiNodes.Ports(PlatformModels.NONE, UsageMeter.NONE,
        new AgentTools.Ports(null, KnowledgeSearch.NONE, TextMessages.NONE), scoped)).toArray(io.switchboard.engine.spi.NodeType[]::new))) {
      ExecutionRecord remembered = h.run("{'id': 'call', 'type': 'ai.remember@1', 'name': 'Remember', 'config': {'contactId': '"
          + s.contact() + "', 'episode': '{{ trigger.body }}', 'credentialId': '" + credential + "'}}",
          "{'body': 'Fridays suit me better now, I have to pick up my two kids on Tuesdays.'}");
      assertThat(remembered.status()).as(String.valueOf(remembered.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      JsonNode out = remembered.output().orElseThrow();
      assertThat(out.path("replaced").get(0).path("previous").asString()).isEqualTo("Tuesday");
      assertThat(out.path("added").get(0).path("attribute").asString()).isEqualTo("children");
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(80);

      JsonNode recalled = h.run("{'id': 'call', 'type': 'ai.recall@1', 'name': 'Recall', 'config': {'contactId': '" + s.contact()
          + "'}}", "{}").output().orElseThrow();
      assertThat(recalled.path("current").path("preferred_day").asString()).isEqualTo("Friday");
      assertThat(recalled.path("current").path("children").asString()).isEqualTo("two kids");
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
    } finally {
      server.stop(0);
    }
    assertThat(prompts.getFirst()).contains("preferred_day: Tuesday").contains("pick up my two kids");
  }
}
