package io.switchboard.nodes.ai;

import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.CredentialResolver;
import io.switchboard.nodes.EngineHarnessAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LLM node through LangChain4j against a local server speaking each provider's wire format:
 * what is sent (path, auth header, model, prompts rendered from templates, limits), what comes
 * back (text, usage, cost), structured output with its repair, and each kind of provider failure.
 */
class LlmNodeTest {

  static final String KEY = "sk-test-secret-123";

  final FakeLlmServer server = new FakeLlmServer();
  final List<UsageMeter.Usage> metered = new CopyOnWriteArrayList<>();
  final Map<UUID, Credential> credentials = new java.util.concurrent.ConcurrentHashMap<>();

  @AfterEach
  void stop() {
    server.close();
  }

  UUID credential(String provider) {
    UUID id = UUID.randomUUID();
    credentials.put(id, new Credential(id, "llm", provider + " account", Map.of("provider", provider, "apiKey", KEY,
        "baseUrl", server.baseUrl(provider))));
    return id;
  }

  // As the application wires it, with the loopback fake allowed: a workspace credential's calls go
  // through the guarded connection, the platform's through LangChain4j's own client.
  EngineHarnessAccess harness(PlatformModels platform) {
    return guarded(platform, List.of("127.0.0.1"));
  }

  EngineHarnessAccess harness() {
    return harness(PlatformModels.NONE);
  }

  // As the application wires it: a workspace's model credential may not point inside our network.
  EngineHarnessAccess guarded(PlatformModels platform, java.util.List<String> allowedHosts) {
    CredentialResolver resolver = (tenant, id) -> Optional.ofNullable(credentials.get(id));
    return EngineHarnessAccess.with(resolver, AiNodes.all(new AiNodes.Ports(platform, (t, u) -> metered.add(u),
        new AgentTools.Ports(new MapContacts(), KnowledgeSearch.NONE, TextMessages.NONE), null),
        new io.switchboard.nodes.http.SsrfGuard(allowedHosts)).toArray(io.switchboard.engine.spi.NodeType[]::new));
  }

  @Test
  void shouldRefuseAWorkspaceCredentialThatPointsInsideOurNetworkUnlessThePlatformAllowsIt() {
    UUID metadata = UUID.randomUUID();
    credentials.put(metadata, new Credential(metadata, "llm", "Sneaky", Map.of("provider", "openai-compatible",
        "apiKey", KEY, "baseUrl", "http://169.254.169.254/latest")));
    server.text("openai", "Friday.", 10, 2);
    try (var h = guarded(PlatformModels.NONE, java.util.List.of())) {
      JsonNode refused = error(h.run(node(metadata, "gpt-4o-mini", ""), PAYLOAD));
      assertThat(refused.path("code").asString()).isEqualTo("address_refused");
      assertThat(refused.path("message").asString()).contains("169.254.169.254").contains("not allowed");
      JsonNode local = error(h.run(node(credential("openai"), "gpt-4o-mini", ""), PAYLOAD));
      assertThat(local.path("code").asString()).as("the loopback fake, not allowed here").isEqualTo("address_refused");
      assertThat(server.received).as("no request left").isEmpty();
    }
    try (var h = guarded(PlatformModels.NONE, java.util.List.of("127.0.0.1"))) {
      assertThat(output(h.run(node(credential("openai"), "gpt-4o-mini", ""), PAYLOAD)).path("text").asString())
          .as("a host the platform allows").isEqualTo("Friday.");
    }
    server.text("openai", "From the platform.", 10, 2);
    PlatformModels platform = tenant -> Optional.of(new LlmSettings(LlmProvider.OPENAI, KEY,
        Optional.of(server.baseUrl("openai")), Optional.of("gpt-4o-mini"), "platform default", LlmSettings.Origin.PLATFORM));
    try (var h = guarded(platform, java.util.List.of())) {
      assertThat(output(h.run(node(null, null, ""), PAYLOAD)).path("text").asString())
          .as("the platform's own model, set by the superadmin, is not checked").isEqualTo("From the platform.");
    }
  }

  @Test
  void shouldCheckTheAddressAgainWhenTheModelConnects() {
    // the step's own check is passed (as by a name that pointed outside when checked, and inside a
    // moment later): the connection is refused all the same, and nothing reaches the server
    server.text("openai", "Friday.", 10, 2);
    LlmSettings workspace = new LlmSettings(LlmProvider.OPENAI, KEY, Optional.of(server.baseUrl("openai")), Optional.empty(),
        "credential 'Rebound'", LlmSettings.Origin.WORKSPACE_CREDENTIAL);
    ChatModels.Request request = new ChatModels.Request("gpt-4o-mini", null, null, java.time.Duration.ofSeconds(5));
    ChatModels models = new ChatModels(io.switchboard.nodes.http.SsrfGuard.strict());
    RuntimeException refused = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> models.build(workspace, request).chat("When?"));
    io.switchboard.engine.spi.NodeFailure failure = LlmFailures.translate(refused, "openai", "gpt-4o-mini");
    assertThat(failure.code()).isEqualTo("address_refused");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("127.0.0.1").contains("not allowed");
    assertThat(server.received).isEmpty();

    LlmSettings platform = new LlmSettings(LlmProvider.OPENAI, KEY, Optional.of(server.baseUrl("openai")), Optional.empty(),
        "platform default", LlmSettings.Origin.PLATFORM);
    assertThat(models.build(platform, request).chat("When?")).as("the platform's own model is not checked").isEqualTo("Friday.");
  }

  static String node(UUID credential, String model, String extra) {
    return "{'id': 'call', 'type': 'ai.llm@1', 'name': 'Ask', 'options': {'retry': {'maxAttempts': 1}}, 'config': {"
        + (credential == null ? "" : "'credentialId': '" + credential + "', ")
        + (model == null ? "" : "'model': '" + model + "', ")
        + "'systemPrompt': 'You answer for {{ trigger.business }}.', 'userPrompt': 'Summarise: {{ trigger.body }}'"
        + extra + "}}";
  }

  static final String PAYLOAD = "{'business': 'Acme Dental', 'body': 'Can I move my appointment to Friday?'}";

  static JsonNode output(ExecutionRecord done) {
    assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    return done.output().orElseThrow();
  }

  static JsonNode error(ExecutionRecord done) {
    assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
    return done.error().orElseThrow();
  }

  @Test
  void shouldAskOpenAiInItsWireFormatAndRecordUsageAndCost() {
    server.text("openai", "Patient wants to move to Friday.", 1000, 200);
    try (var h = harness()) {
      JsonNode out = output(h.run(node(credential("openai"), "gpt-4o-mini", ", 'temperature': 0.2, 'maxTokens': 300"), PAYLOAD));
      assertThat(out.path("text").asString()).isEqualTo("Patient wants to move to Friday.");
      assertThat(out.path("provider").asString()).isEqualTo("openai");
      assertThat(out.path("sandbox").asBoolean()).isFalse();
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(1000);
      assertThat(out.path("usage").path("outputTokens").asInt()).isEqualTo(200);
      // gpt-4o-mini: $0.15 / M input, $0.60 / M output
      assertThat(out.path("usage").path("estimatedCostUsd").asDouble()).isEqualTo(0.00027);
      assertThat(out.toString()).doesNotContain(KEY);
    }
    FakeLlmServer.Received sent = server.of("openai").getFirst();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.body().path("model").asString()).isEqualTo("gpt-4o-mini");
    assertThat(sent.body().path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(sent.body().path("max_tokens").asInt(sent.body().path("max_completion_tokens").asInt())).isEqualTo(300);
    assertThat(sent.body().path("messages").get(0).path("role").asString()).isEqualTo("system");
    assertThat(sent.body().path("messages").get(0).path("content").asString()).isEqualTo("You answer for Acme Dental.");
    assertThat(sent.body().path("messages").get(1).path("content").asString())
        .isEqualTo("Summarise: Can I move my appointment to Friday?");
    assertThat(metered).singleElement().satisfies(u -> {
      assertThat(u.provider()).isEqualTo("openai");
      assertThat(u.inputTokens()).isEqualTo(1000);
      assertThat(u.outputTokens()).isEqualTo(200);
      assertThat(u.estimatedCostUsd()).contains(0.00027);
      assertThat(u.nodeId()).isEqualTo("call");
    });
  }

  @Test
  void shouldAskAnthropicWithItsApiKeyHeaderAndTopLevelSystemPrompt() {
    server.text("anthropic", "Move to Friday.", 40, 5);
    try (var h = harness()) {
      JsonNode out = output(h.run(node(credential("anthropic"), "claude-3-5-haiku-latest", ", 'maxTokens': 200"), PAYLOAD));
      assertThat(out.path("text").asString()).isEqualTo("Move to Friday.");
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(40);
      assertThat(out.path("model").asString()).isEqualTo("claude-3-5-haiku-20241022");
    }
    FakeLlmServer.Received sent = server.of("anthropic").getFirst();
    assertThat(sent.path()).isEqualTo("/anthropic/v1/messages");
    assertThat(sent.header("x-api-key")).isEqualTo(KEY);
    assertThat(sent.header("anthropic-version")).isNotBlank();
    assertThat(sent.body().path("model").asString()).isEqualTo("claude-3-5-haiku-latest");
    assertThat(sent.body().path("max_tokens").asInt()).isEqualTo(200);
    assertThat(sent.body().path("system").toString()).contains("You answer for Acme Dental.");
    assertThat(sent.body().path("messages").get(0).path("role").asString()).isEqualTo("user");
  }

  @Test
  void shouldAskGeminiAtTheModelsGenerateContentPath() {
    server.text("gemini", "Friday it is.", 30, 4);
    try (var h = harness()) {
      JsonNode out = output(h.run(node(credential("gemini"), "gemini-2.0-flash", ", 'temperature': 0.5"), PAYLOAD));
      assertThat(out.path("text").asString()).isEqualTo("Friday it is.");
      assertThat(out.path("usage").path("outputTokens").asInt()).isEqualTo(4);
    }
    FakeLlmServer.Received sent = server.of("gemini").getFirst();
    assertThat(sent.path()).startsWith("/gemini/v1beta/models/gemini-2.0-flash:generateContent");
    assertThat(KEY.equals(sent.header("x-goog-api-key")) || sent.path().contains("key=" + KEY)).isTrue();
    assertThat(sent.body().path("systemInstruction").toString()).contains("You answer for Acme Dental.");
    assertThat(sent.body().path("contents").get(0).path("parts").get(0).path("text").asString())
        .isEqualTo("Summarise: Can I move my appointment to Friday?");
    assertThat(sent.body().path("generationConfig").path("temperature").asDouble()).isEqualTo(0.5);
  }

  @Test
  void shouldAskOllamaWithoutStreaming() {
    server.text("ollama", "Friday.", 25, 2);
    try (var h = harness()) {
      JsonNode out = output(h.run(node(credential("ollama"), "llama3.1", ""), PAYLOAD));
      assertThat(out.path("text").asString()).isEqualTo("Friday.");
      assertThat(out.path("usage").path("estimatedCostUsd").asDouble()).as("local models cost nothing").isZero();
    }
    FakeLlmServer.Received sent = server.of("ollama").getFirst();
    assertThat(sent.path()).isEqualTo("/ollama/api/chat");
    assertThat(sent.body().path("stream").asBoolean(true)).isFalse();
    assertThat(sent.body().path("model").asString()).isEqualTo("llama3.1");
  }

  @Test
  void shouldUseOpenRouterThroughTheOpenAiFormatWithTheCredentialsDefaultModel() {
    UUID id = UUID.randomUUID();
    credentials.put(id, new Credential(id, "llm", "Router", Map.of("provider", "openrouter", "apiKey", KEY,
        "baseUrl", server.baseUrl("openrouter"), "model", "qwen/qwen-2.5-72b-instruct")));
    server.text("openai", "ok", 10, 1);
    try (var h = harness()) {
      JsonNode out = output(h.run(node(id, null, ""), PAYLOAD));
      assertThat(out.path("provider").asString()).isEqualTo("openrouter");
      assertThat(out.path("modelSource").asString()).isEqualTo("credential 'Router'");
    }
    assertThat(server.of("openai").getFirst().body().path("model").asString()).isEqualTo("qwen/qwen-2.5-72b-instruct");
  }

  @Test
  void shouldRepairAReplyThatDoesNotMatchTheSchemaByOneRetryShowingTheProblem() {
    server.text("openai", "Sure! Here you go: {\"intent\": \"reschedule\"}", 50, 10);
    server.text("openai", "```json\n{\"intent\": \"reschedule\", \"day\": \"friday\"}\n```", 80, 12);
    String schema = ", 'jsonSchema': {'type': 'object', 'required': ['intent', 'day'], 'properties': {"
        + "'intent': {'type': 'string', 'enum': ['reschedule', 'cancel', 'other']}, 'day': {'type': 'string'}}}";
    try (var h = harness()) {
      JsonNode out = output(h.run(node(credential("openai"), "gpt-4o-mini", schema), PAYLOAD));
      assertThat(out.path("json").path("intent").asString()).isEqualTo("reschedule");
      assertThat(out.path("json").path("day").asString()).isEqualTo("friday");
      assertThat(out.path("repaired").asBoolean()).isTrue();
      assertThat(out.path("usage").path("inputTokens").asInt()).isEqualTo(130);
      assertThat(out.path("calls")).hasSize(2);
    }
    List<FakeLlmServer.Received> sent = server.of("openai");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).body().path("messages").get(0).path("content").asString()).contains("JSON Schema:").contains("\"day\"");
    JsonNode retry = sent.get(1).body().path("messages");
    assertThat(retry).hasSize(4);
    assertThat(retry.get(2).path("role").asString()).isEqualTo("assistant");
    assertThat(retry.get(3).path("content").asString()).contains("does not match the schema").contains("day");
    assertThat(metered).hasSize(2);
  }

  @Test
  void shouldFailWithTheRawReplyWhenTheRepairDoesNotMatchEither() {
    server.text("openai", "I cannot decide.", 50, 10);
    server.text("openai", "Still no JSON, sorry.", 60, 10);
    try (var h = harness()) {
      JsonNode error = error(h.run(node(credential("openai"), "gpt-4o-mini", ", 'jsonSchema': {'type': 'object'}"), PAYLOAD));
      assertThat(error.path("code").asString()).isEqualTo("llm_invalid_output");
      assertThat(error.path("message").asString()).contains("Raw reply: Still no JSON, sorry.").contains("contains no JSON");
    }
  }

  @Test
  void shouldTakeTheErrorPortWithTheReasonWhenTheNodeSaysSo() {
    server.text("openai", "nope", 5, 1).text("openai", "nope again", 5, 1);
    try (var h = harness()) {
      ExecutionRecord done = h.run("{'id': 'call', 'type': 'ai.llm@1', 'name': 'Ask', 'options': {'onError': 'ERROR_PORT'}, "
          + "'config': {'credentialId': '" + credential("openai") + "', 'userPrompt': 'x', 'jsonSchema': {'type': 'array'}}}", "{}");
      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("code").asString()).isEqualTo("llm_invalid_output");
      assertThat(done.output().orElseThrow().path("message").asString()).contains("nope again");
    }
  }

  @Test
  void shouldRefuseAnInvalidSchemaBeforeCallingTheModel() {
    try (var h = harness()) {
      JsonNode error = error(h.run(node(credential("openai"), "gpt-4o-mini", ", 'jsonSchema': 'not json'"), PAYLOAD));
      assertThat(error.path("code").asString()).isEqualTo("invalid_config");
      assertThat(error.path("message").asString()).contains("not valid JSON");
    }
    assertThat(server.received).isEmpty();
  }

  @Test
  void shouldMapProviderFailuresToCodesWithTheProvidersReason() {
    UUID openai = credential("openai");
    server.reply("openai", 429, "{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini\", \"type\": \"requests\"}}");
    server.reply("openai", 503, "{\"error\": {\"message\": \"The server is overloaded\"}}");
    server.reply("openai", 401, "{\"error\": {\"message\": \"Incorrect API key provided\"}}");
    server.reply("openai", 404, "{\"error\": {\"message\": \"The model `gpt-9` does not exist\"}}");
    server.reply("openai", 400, "{\"error\": {\"message\": \"Invalid value for temperature\"}}");
    server.reply("openai", 200, "{\"choices\": [{\"message\": ");
    server.reply("openai", 200, FakeLlmServer.openAi(FakeLlmServer.JSON.createObjectNode().put("role", "assistant")
        .put("content", "The answer is"), "length", 10, 5));
    server.reply("openai", 200, FakeLlmServer.openAi(FakeLlmServer.JSON.createObjectNode().put("role", "assistant")
        .put("content", ""), "content_filter", 10, 0));
    server.reply("openai", 200, FakeLlmServer.openAi(FakeLlmServer.JSON.createObjectNode().put("role", "assistant")
        .put("content", ""), "stop", 10, 0));
    record Expect(String code, String words, boolean retryable) {}
    List<Expect> expected = List.of(
        new Expect("llm_rate_limited", "Rate limit reached for gpt-4o-mini", true),
        new Expect("llm_unavailable", "The server is overloaded", true),
        new Expect("llm_auth", "Incorrect API key provided", false),
        new Expect("llm_model_not_found", "does not exist", false),
        new Expect("llm_bad_request", "Invalid value for temperature", false),
        new Expect("llm_malformed_reply", "could not be read", true),
        new Expect("llm_truncated", "The answer is", false),
        new Expect("llm_refused", "refused", false),
        new Expect("llm_empty_reply", "no text", true));
    try (var h = harness()) {
      for (Expect e : expected) {
        JsonNode error = error(h.run(node(openai, "gpt-4o-mini", ", 'maxTokens': 5"), PAYLOAD));
        assertThat(error.path("code").asString()).as(e.code()).isEqualTo(e.code());
        assertThat(error.path("message").asString()).as(e.code()).contains(e.words()).doesNotContain(KEY);
      }
    }
    assertThat(server.of("openai")).as("no hidden retries inside LangChain4j").hasSize(expected.size());
  }

  @Test
  void shouldRetryARateLimitThroughTheNodesRetryPolicy() {
    server.reply("openai", 429, "{\"error\": {\"message\": \"slow down\"}}");
    server.text("openai", "done", 5, 1);
    try (var h = harness()) {
      ExecutionRecord first = h.run("{'id': 'call', 'type': 'ai.llm@1', 'name': 'Ask', 'options': {'retry': {'maxAttempts': 2, "
          + "'initialDelay': 'PT1S'}}, 'config': {'credentialId': '" + credential("openai") + "', 'userPrompt': 'x'}}", "{}");
      assertThat(first.status()).isEqualTo(ExecutionStatus.WAITING);
    }
    assertThat(server.of("openai")).hasSize(1);
  }

  @Test
  void shouldTimeOutASlowProvider() {
    server.slowReply("openai", 3000, FakeLlmServer.openAi(FakeLlmServer.JSON.createObjectNode().put("role", "assistant")
        .put("content", "late"), "stop", 1, 1));
    try (var h = harness()) {
      JsonNode error = error(h.run(node(credential("openai"), "gpt-4o-mini", ", 'timeoutSeconds': 1"), PAYLOAD));
      assertThat(error.path("code").asString()).isEqualTo("llm_timeout");
    }
  }

  @Test
  void shouldRefuseAPromptLargerThanTheModelsContextWithoutSendingIt() {
    String huge = "word ".repeat(7_200); // about 9,000 tokens; llama3 takes 8,192
    try (var h = harness()) {
      JsonNode error = error(h.run(node(credential("ollama"), "llama3", ""), "{'business': 'x', 'body': '" + huge + "'}"));
      assertThat(error.path("code").asString()).isEqualTo("llm_prompt_too_large");
      assertThat(error.path("message").asString()).contains("8192").contains("llama3");
    }
    assertThat(server.received).isEmpty();
  }

  @Test
  void shouldAnswerWithTheClearlyMarkedSandboxModelWhenNoModelIsConfigured() {
    try (var h = harness()) {
      JsonNode out = output(h.run(node(null, null, ""), PAYLOAD));
      assertThat(out.path("sandbox").asBoolean()).isTrue();
      assertThat(out.path("provider").asString()).isEqualTo("sandbox");
      assertThat(out.path("notice").asString()).contains("Sandbox output");
      assertThat(out.path("text").asString()).startsWith(SandboxChatModel.MARK).contains("Can I move my appointment");
      JsonNode json = output(h.run(node(null, null, ", 'jsonSchema': {'type': 'object', 'required': ['intent', 'score'], "
          + "'properties': {'intent': {'type': 'string'}, 'score': {'type': 'integer', 'minimum': 1}}}"), PAYLOAD)).path("json");
      assertThat(json.path("intent").asString()).isEqualTo("sandbox");
      assertThat(json.path("score").asInt()).isEqualTo(1);
    }
    assertThat(server.received).isEmpty();
    assertThat(metered).hasSize(2).allSatisfy(u -> assertThat(u.sandbox()).isTrue());
  }

  @Test
  void shouldUseThePlatformDefaultWhenTheStepNamesNoCredential() {
    server.text("anthropic", "from the platform", 5, 3);
    PlatformModels platform = tenant -> Optional.of(new LlmSettings(LlmProvider.ANTHROPIC, KEY,
        Optional.of(server.baseUrl("anthropic")), Optional.of("claude-3-5-haiku-latest"), "platform default",
        LlmSettings.Origin.PLATFORM));
    try (var h = harness(platform)) {
      JsonNode out = output(h.run(node(null, null, ""), PAYLOAD));
      assertThat(out.path("text").asString()).isEqualTo("from the platform");
      assertThat(out.path("modelSource").asString()).isEqualTo("platform default");
    }
  }

  @Test
  void shouldExplainAMissingOrWrongCredential() {
    UUID twilio = UUID.randomUUID();
    credentials.put(twilio, new Credential(twilio, "twilio", "SMS", Map.of("accountSid", "AC1", "authToken", "t")));
    UUID badProvider = UUID.randomUUID();
    credentials.put(badProvider, new Credential(badProvider, "llm", "Odd", Map.of("provider", "skynet", "apiKey", "k")));
    try (var h = harness()) {
      assertThat(error(h.run(node(UUID.randomUUID(), null, ""), PAYLOAD)).path("code").asString()).isEqualTo("credential_missing");
      assertThat(error(h.run(node(twilio, null, ""), PAYLOAD)).path("code").asString()).isEqualTo("credential_wrong_type");
      JsonNode odd = error(h.run(node(badProvider, null, ""), PAYLOAD));
      assertThat(odd.path("code").asString()).isEqualTo("credential_invalid");
      assertThat(odd.path("message").asString()).contains("skynet").contains("anthropic");
    }
  }
}
