package io.switchboard.nodes.ai;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.nodes.EngineHarnessAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Knowledge-base search and answer steps: passages with scores and citations, answers citing [n]
 * through the model's wire format, and the "I don't know" port when nothing relevant is found or
 * the model finds no answer in the passages.
 */
class KbNodesTest {

  final FakeLlmServer server = new FakeLlmServer();
  final UUID kb = UUID.randomUUID();
  final UUID credential = UUID.randomUUID();
  final UUID doc = UUID.randomUUID();

  @AfterEach
  void stop() {
    server.close();
  }

  EngineHarnessAccess harness() {
    return harness(PlatformPrompts.NONE);
  }

  EngineHarnessAccess harness(PlatformPrompts prompts) {
    KnowledgeSearch knowledge = (tenant, base, query, topK) -> {
      if (!base.equals(kb)) {
        throw new NodeFailure("kb_not_found", "The knowledge base does not exist in this workspace.", false);
      }
      return List.of(
          new KnowledgeSearch.Passage(UUID.randomUUID(), doc, "faq.md", "Parking", 0, "Free parking behind the building.", 0.033, 0.71),
          new KnowledgeSearch.Passage(UUID.randomUUID(), doc, "faq.md", "Prices", 1, "A cleaning costs 90 dollars.", 0.031, 0.22))
          .subList(0, Math.min(2, topK));
    };
    CredentialResolver credentials = (tenant, id) -> id.equals(credential) ? Optional.of(new Credential(id, "llm", "Main",
        Map.of("provider", "openai", "apiKey", "k", "baseUrl", server.baseUrl("openai")))) : Optional.empty();
    return EngineHarnessAccess.with(credentials, AiNodes.all(new AiNodes.Ports(PlatformModels.NONE, UsageMeter.NONE,
        new AgentTools.Ports(new MapContacts(), knowledge, TextMessages.NONE), null /* memory: not used here */, prompts)).toArray(io.switchboard.engine.spi.NodeType[]::new));
  }

  static JsonNode output(ExecutionRecord done) {
    assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    return done.output().orElseThrow();
  }

  @Test
  void shouldReturnTopPassagesWithScoresAndCitations() {
    try (var h = harness()) {
      JsonNode out = output(h.run("{'id': 'call', 'type': 'ai.kb-search@1', 'name': 'Search', 'config': {'knowledgeBaseId': '" + kb
          + "', 'query': '{{ trigger.q }}', 'topK': 2}}", "{'q': 'parking?'}"));
      assertThat(out.path("count").asInt()).isEqualTo(2);
      assertThat(out.path("results").get(0).path("citation").asString()).isEqualTo("faq.md — Parking");
      assertThat(out.path("results").get(0).path("similarity").asDouble()).isEqualTo(0.71);
      assertThat(out.path("results").get(0).path("rank").asInt()).isEqualTo(1);
      JsonNode filtered = output(h.run("{'id': 'call', 'type': 'ai.kb-search@1', 'name': 'Search', 'config': {'knowledgeBaseId': '"
          + kb + "', 'query': 'x', 'minSimilarity': 0.9}}", "{}"));
      assertThat(filtered.path("count").asInt()).isZero();
      ExecutionRecord missing = h.run("{'id': 'call', 'type': 'ai.kb-search@1', 'name': 'Search', 'config': {'knowledgeBaseId': '"
          + UUID.randomUUID() + "', 'query': 'x'}}", "{}");
      assertThat(missing.error().orElseThrow().path("code").asString()).isEqualTo("kb_not_found");
    }
  }

  @Test
  void shouldAnswerFromRelevantPassagesWithCitations() {
    server.text("openai", "Parking is free behind the building [1].", 120, 12);
    try (var h = harness()) {
      JsonNode out = output(h.run("{'id': 'call', 'type': 'ai.kb-answer@1', 'name': 'Answer', 'config': {'knowledgeBaseId': '" + kb
          + "', 'question': 'Where do I park?', 'credentialId': '" + credential + "', 'model': 'gpt-4o-mini'}}", "{}"));
      assertThat(out.path("known").asBoolean()).isTrue();
      assertThat(out.path("answer").asString()).contains("[1]");
      assertThat(out.path("citations")).singleElement().satisfies(c -> {
        assertThat(c.path("document").asString()).isEqualTo("faq.md");
        assertThat(c.path("heading").asString()).isEqualTo("Parking");
      });
      assertThat(out.path("passages")).as("the 0.22 passage is under the default 0.3").hasSize(1);
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(120);
    }
    String system = server.of("openai").getFirst().body().path("messages").get(0).path("content").asString();
    assertThat(system).contains("[1] (faq.md — Parking)").contains("Free parking").contains(KbAnswerNode.UNKNOWN)
        .doesNotContain("90 dollars");
  }

  @Test
  void shouldPutThePlatformPreambleBeforeTheAnswersInstructionsAndRecordItsVersion() {
    server.text("openai", "Parking is free behind the building [1].", 120, 12);
    PlatformPrompts prompts = tenant -> Optional.of(new PlatformPrompts.Preamble("Never promise discounts.", 7));
    try (var h = harness(prompts)) {
      JsonNode out = output(h.run("{'id': 'call', 'type': 'ai.kb-answer@1', 'name': 'Answer', 'config': {'knowledgeBaseId': '" + kb
          + "', 'question': 'Where do I park?', 'credentialId': '" + credential + "'}}", "{}"));
      assertThat(out.path("platformPreambleVersion").asInt()).isEqualTo(7);
      // the record names the preamble by its version instead of copying it into every call
      assertThat(out.path("calls").get(0).path("prompt").get(0).path("text").asString())
          .startsWith("[platform preamble, version 7]\n\nAnswer the question using only the numbered passages")
          .doesNotContain("Never promise discounts.");
    }
    String system = server.of("openai").getFirst().body().path("messages").get(0).path("content").asString();
    assertThat(system).startsWith("Never promise discounts.\n\nAnswer the question using only the numbered passages")
        .contains("Free parking");
  }

  @Test
  void shouldLeaveByIDontKnowWhenNothingIsRelevantOrTheModelFindsNoAnswer() {
    server.text("openai", KbAnswerNode.UNKNOWN, 100, 3);
    try (var h = harness()) {
      JsonNode nothing = output(h.run("{'id': 'call', 'type': 'ai.kb-answer@1', 'name': 'Answer', 'config': {'knowledgeBaseId': '" + kb
          + "', 'question': 'Do you sell cars?', 'credentialId': '" + credential + "', 'minSimilarity': 0.8}}", "{}"));
      assertThat(nothing.path("reason").asString()).contains("Nothing in the knowledge base");
      assertThat(server.received).as("no model call without relevant passages").isEmpty();

      JsonNode unknown = output(h.run("{'id': 'call', 'type': 'ai.kb-answer@1', 'name': 'Answer', 'config': {'knowledgeBaseId': '" + kb
          + "', 'question': 'Do you open on Sunday?', 'credentialId': '" + credential + "'}}", "{}"));
      assertThat(unknown.path("known").asBoolean()).isFalse();
      assertThat(unknown.path("answer").asString()).isEmpty();
      assertThat(unknown.path("reason").asString()).contains("no answer");
    }
  }
}
