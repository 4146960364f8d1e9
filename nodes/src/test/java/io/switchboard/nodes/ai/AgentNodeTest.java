package io.switchboard.nodes.ai;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.nodes.EngineHarnessAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent through LangChain4j against each provider's wire format: the model asks for a tool,
 * the tool runs on the workspace's ports, its result goes back in the provider's format, and the
 * model's answer ends the step, with every call in the trace.
 */
class AgentNodeTest {

  final FakeLlmServer server = new FakeLlmServer();
  final MapContacts contacts = new MapContacts();
  final List<String> texts = new CopyOnWriteArrayList<>();
  final Map<UUID, Credential> credentials = new java.util.concurrent.ConcurrentHashMap<>();
  final UUID kb = UUID.randomUUID();

  @AfterEach
  void stop() {
    server.close();
  }

  UUID credential(String provider) {
    UUID id = UUID.randomUUID();
    credentials.put(id, new Credential(id, "llm", provider, Map.of("provider", provider, "apiKey", "k-" + provider,
        "baseUrl", server.baseUrl(provider))));
    return id;
  }

  EngineHarnessAccess harness() {
    KnowledgeSearch knowledge = (tenant, base, query, topK) -> {
      if (!base.equals(kb)) {
        throw new NodeFailure("kb_not_found", "no such knowledge base", false);
      }
      return List.of(new KnowledgeSearch.Passage(UUID.randomUUID(), UUID.randomUUID(), "prices.pdf", "Cleaning", 0,
          "A cleaning costs $90 and takes 45 minutes.", 0.03, 0.8));
    };
    TextMessages sms = (tenant, execution, node, to, body) -> {
      if (!to.startsWith("+")) {
        throw new NodeFailure("invalid_number", "\"" + to + "\" is not a phone number like +15551234567.", false);
      }
      texts.add(to + ": " + body);
      return new TextMessages.Sent(UUID.randomUUID().toString(), "SM1", to, true);
    };
    CredentialResolver resolver = (tenant, id) -> Optional.ofNullable(credentials.get(id));
    return EngineHarnessAccess.with(resolver, AiNodes.all(new AiNodes.Ports(PlatformModels.NONE, UsageMeter.NONE,
        new AgentTools.Ports(contacts, knowledge, sms), null /* memory: not used here */)).toArray(io.switchboard.engine.spi.NodeType[]::new));
  }

  String agent(UUID credential, String model, String tools, String extra) {
    return "{'id': 'call', 'type': 'ai.agent@1', 'name': 'Agent', 'options': {'retry': {'maxAttempts': 1}}, 'config': {"
        + "'credentialId': '" + credential + "', 'model': '" + model + "', 'systemPrompt': 'Be brief.', "
        + "'userPrompt': 'Who is {{ trigger.from }}?', 'tools': [" + tools + "]" + extra + "}}";
  }

  static JsonNode output(ExecutionRecord done) {
    assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    return done.output().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama"})
  void shouldCallAToolAndAnswerWithItsResultInEachProvidersFormat(String provider) {
    contacts.add("Dana", "+15552223333", "Acme Dental");
    String model = switch (provider) {
      case "openai" -> "gpt-4o-mini";
      case "anthropic" -> "claude-3-5-haiku-latest";
      case "gemini" -> "gemini-2.0-flash";
      default -> "llama3.1";
    };
    server.toolCall(provider, "call_1", "lookup_contact", "{\"phone\": \"+15552223333\"}");
    server.text(provider, "That is Dana from Acme Dental.", 60, 9);
    try (var h = harness()) {
      JsonNode out = output(h.run(agent(credential(provider), model, "'lookup_contact'", ""), "{'from': '+15552223333'}"));
      assertThat(out.path("answer").asString()).isEqualTo("That is Dana from Acme Dental.");
      assertThat(out.path("stoppedBy").asString()).isEqualTo("answer");
      assertThat(out.path("steps").asInt()).isEqualTo(2);
      assertThat(out.path("toolCalls").path("lookup_contact").asInt()).isEqualTo(1);
      JsonNode trace = out.path("trace");
      assertThat(trace).hasSize(3);
      assertThat(trace.get(0).path("type").asString()).isEqualTo("model");
      assertThat(trace.get(0).path("toolCalls").get(0).path("name").asString()).isEqualTo("lookup_contact");
      assertThat(trace.get(0).path("prompt").get(1).path("text").asString()).isEqualTo("Who is +15552223333?");
      assertThat(trace.get(0).path("latencyMs").isNumber()).isTrue();
      assertThat(trace.get(1).path("type").asString()).isEqualTo("tool");
      assertThat(trace.get(1).path("arguments").asString()).contains("+15552223333");
      assertThat(trace.get(1).path("result").asString()).contains("Dana").contains("Acme Dental");
      assertThat(trace.get(2).path("response").asString()).isEqualTo("That is Dana from Acme Dental.");
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(80);
    }
    List<FakeLlmServer.Received> sent = server.of(provider);
    assertThat(sent).hasSize(2);
    JsonNode first = sent.get(0).body();
    JsonNode second = sent.get(1).body();
    switch (provider) {
      case "openai" -> {
        assertThat(first.path("tools").get(0).path("function").path("name").asString()).isEqualTo("lookup_contact");
        JsonNode toolMessage = second.path("messages").get(3);
        assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.path("tool_call_id").asString()).isEqualTo("call_1");
        assertThat(toolMessage.path("content").asString()).contains("Dana");
      }
      case "anthropic" -> {
        assertThat(first.path("tools").get(0).path("name").asString()).isEqualTo("lookup_contact");
        JsonNode result = second.path("messages").get(2).path("content").get(0);
        assertThat(result.path("type").asString()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asString()).isEqualTo("call_1");
        assertThat(result.path("content").toString()).contains("Dana");
      }
      case "gemini" -> {
        assertThat(first.path("tools").toString()).contains("lookup_contact");
        assertThat(second.path("contents").toString()).contains("functionResponse").contains("Dana");
      }
      default -> {
        assertThat(first.path("tools").get(0).path("function").path("name").asString()).isEqualTo("lookup_contact");
        JsonNode toolMessage = second.path("messages").get(3);
        assertThat(toolMessage.path("role").asString()).isEqualTo("tool");
        assertThat(toolMessage.path("content").asString()).contains("Dana");
      }
    }
  }

  @Test
  void shouldSearchTheKnowledgeBaseAndSendTheBookingLink() {
    UUID openai = credential("openai");
    server.toolCall("openai", "c1", "search_knowledge_base", "{\"query\": \"cleaning price\"}");
    server.toolCall("openai", "c2", "send_booking_link", "{\"to\": \"+15552223333\", \"message\": \"Book here:\"}");
    server.text("openai", "A cleaning is $90; I texted you the booking link.", 10, 10);
    try (var h = harness()) {
      JsonNode out = output(h.run(agent(openai, "gpt-4o-mini", "'search_knowledge_base', 'send_booking_link'",
          ", 'knowledgeBaseId': '" + kb + "', 'bookingLink': 'https://cal.example/acme'"), "{'from': '+15552223333'}"));
      assertThat(out.path("answer").asString()).contains("$90");
      assertThat(out.path("trace").get(1).path("result").asString()).contains("[1] prices.pdf — Cleaning").contains("$90");
      assertThat(out.path("trace").get(3).path("result").asString()).contains("Sent to +15552223333");
    }
    assertThat(texts).containsExactly("+15552223333: Book here: https://cal.example/acme");
    assertThat(server.of("openai").getFirst().body().path("tools")).hasSize(2);
  }

  @Test
  void shouldTellTheModelWhyAToolFailedSoItCanRecover() {
    UUID openai = credential("openai");
    server.toolCall("openai", "c1", "send_sms", "{\"to\": \"tomorrow\", \"message\": \"Hi\"}");
    server.text("openai", "I could not text you: that is not a phone number.", 10, 10);
    try (var h = harness()) {
      JsonNode out = output(h.run(agent(openai, "gpt-4o-mini", "'send_sms'", ""), "{'from': '+1555'}"));
      assertThat(out.path("trace").get(1).path("ok").asBoolean()).isFalse();
      assertThat(out.path("trace").get(1).path("result").asString()).startsWith("Error (invalid_number)");
    }
    assertThat(server.of("openai").get(1).body().path("messages").get(3).path("content").asString()).contains("not a phone number");
    assertThat(texts).isEmpty();
  }

  @Test
  void shouldStopAtTheStepLimitByItsOwnPort() {
    UUID openai = credential("openai");
    for (int i = 0; i < 3; i++) {
      server.toolCall("openai", "c" + i, "lookup_contact", "{\"phone\": \"+15550000000\"}");
    }
    try (var h = harness()) {
      ExecutionRecord done = h.run(agent(openai, "gpt-4o-mini", "'lookup_contact'", ", 'maxSteps': 2"), "{'from': '+1'}");
      JsonNode out = output(done);
      assertThat(out.path("stoppedBy").asString()).isEqualTo("step_limit");
      assertThat(out.path("message").asString()).contains("2 of its steps");
      assertThat(out.path("trace")).hasSize(4);
    }
    assertThat(server.of("openai")).hasSize(2);
  }

  @Test
  void shouldRefuseAToolThatWasNotChosenOrIsMissingItsSettings() {
    try (var h = harness()) {
      ExecutionRecord unknown = h.run(agent(credential("openai"), "gpt-4o-mini", "'launch_rockets'", ""), "{}");
      assertThat(unknown.error().orElseThrow().path("code").asString()).isEqualTo("invalid_config");
      ExecutionRecord noKb = h.run(agent(credential("openai"), "gpt-4o-mini", "'search_knowledge_base'", ""), "{}");
      assertThat(noKb.error().orElseThrow().path("message").asString()).contains("needs a knowledge base");
    }
    assertThat(server.received).isEmpty();
  }
}
