package io.switchboard.engine.graph;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.switchboard.engine.graph.GraphFixtures.config;
import static io.switchboard.engine.graph.GraphFixtures.graph;
import static io.switchboard.engine.graph.GraphFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkflowJsonTest {

  private final WorkflowJson json = new WorkflowJson();

  @Test
  void shouldReadTheDocumentedExample() throws IOException {
    WorkflowGraph graph = json.read(resource("appointment-reminder.json"));

    assertThat(graph.schemaVersion()).isEqualTo(1);
    assertThat(graph.nodes()).extracting(Node::id).containsExactly("n1", "n2", "n3", "n4");
    Node sms = graph.node("n3").orElseThrow();
    assertThat(sms.type()).isEqualTo("sms.send@2");
    assertThat(sms.name()).isEqualTo("Send reminder");
    assertThat(sms.position()).isEqualTo(new Position(480, -80));
    assertThat(sms.config().get("to").stringValue()).isEqualTo("{{ trigger.body.phone }}");
    assertThat(sms.options().timeout()).contains(Duration.ofSeconds(30));
    assertThat(sms.options().onError()).isEqualTo(NodeOptions.OnError.ERROR_PORT);
    assertThat(sms.options().retry()).contains(new RetryPolicy(3, Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5),
        0.2, Set.of("provider_unavailable", "rate_limited")));
    assertThat(graph.node("n4").orElseThrow().disabled()).isTrue();
    assertThat(graph.node("n4").orElseThrow().position().y()).isEqualTo(40.5);
    assertThat(graph.edges()).containsExactly(Edge.of("n1", "n2"), Edge.of("n2", "true", "n3"),
        Edge.of("n3", "error", "n4"));
    assertThat(graph.settings().timezone()).contains("America/New_York");
    assertThat(graph.settings().errorWorkflowId()).isEmpty();
  }

  @Test
  void shouldWriteTheDocumentedExampleByteForByte() throws IOException {
    byte[] file = resource("appointment-reminder.json");

    byte[] written = json.writeBytes(json.read(file));

    assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(file, StandardCharsets.UTF_8));
  }

  @Test
  void shouldReadBackWhatItWrote() {
    WorkflowGraph graph = richGraph();

    WorkflowGraph read = json.read(json.write(graph));

    assertThat(read).isEqualTo(graph);
  }

  @Test
  void shouldWriteEqualGraphsToEqualBytesWhateverTheConfigKeyOrder() {
    Node first = node("n1", TestCatalog.SEND_SMS, "Send", "{\"to\": \"+1555\", \"body\": \"Hi\", \"extra\": {\"b\": 1, \"a\": 2}}");
    Node second = node("n1", TestCatalog.SEND_SMS, "Send", "{\"extra\": {\"a\": 2, \"b\": 1}, \"body\": \"Hi\", \"to\": \"+1555\"}");
    assertThat(first).isEqualTo(second);

    String one = json.write(graph(List.of(first), List.of()));
    String two = json.write(graph(List.of(second), List.of()));

    assertThat(one).isEqualTo(two);
    assertThat(one.indexOf("\"body\"")).isLessThan(one.indexOf("\"extra\"")).isLessThan(one.indexOf("\"to\""));
    assertThat(one.indexOf("\"a\"")).isLessThan(one.indexOf("\"b\""));
  }

  @Test
  void shouldWriteRetryCodesInAlphabeticalOrder() {
    RetryPolicy retry = new RetryPolicy(2, Duration.ofSeconds(1), 1.5, Duration.ofMinutes(1), 0, Set.of("zeta", "alpha", "mu"));
    Node node = new Node("n1", TestCatalog.SET, "Set", Position.ORIGIN, config("{}"),
        new NodeOptions(Optional.of(retry), Optional.empty(), NodeOptions.OnError.FAIL), false);

    String written = json.write(graph(List.of(node), List.of()));

    assertThat(written).containsSubsequence("\"alpha\"", "\"mu\"", "\"zeta\"");
  }

  @Test
  void shouldWriteEveryFieldInAFixedOrderWithUnixLineEnds() {
    String written = json.write(graph(List.of(node("n1", TestCatalog.WEBHOOK, "Start")), List.of()));

    assertThat(written).containsSubsequence("\"schemaVersion\"", "\"nodes\"", "\"id\"", "\"type\"", "\"name\"",
        "\"position\"", "\"config\"", "\"options\"", "\"retry\"", "\"timeout\"", "\"onError\"", "\"disabled\"",
        "\"edges\"", "\"settings\"", "\"timezone\"", "\"errorWorkflowId\"", "\"retry\"");
    assertThat(written).doesNotContain("\r").endsWith("}\n");
    assertThat(written).contains("\"timezone\": null", "\"x\": 0", "\"config\": {}", "\"edges\": []");
  }

  @Test
  void shouldFillInWhatAMinimalFileLeavesOut() {
    WorkflowGraph graph = json.read("""
        {"schemaVersion": 1,
         "nodes": [{"id": "n1", "type": "trigger.webhook@1"}, {"id": "n2", "type": "core.set@1"}],
         "edges": [{"from": "n1", "to": "n2"}]}
        """);

    Node node = graph.nodes().getFirst();
    assertThat(node.name()).isEqualTo("n1");
    assertThat(node.position()).isEqualTo(Position.ORIGIN);
    assertThat(node.config().isEmpty()).isTrue();
    assertThat(node.options()).isEqualTo(NodeOptions.DEFAULTS);
    assertThat(node.disabled()).isFalse();
    assertThat(graph.edges()).containsExactly(new Edge("n1", "out", "n2", "in"));
    assertThat(graph.settings()).isEqualTo(Settings.DEFAULTS);
  }

  @Test
  void shouldTakeDefaultRetryValuesForFieldsLeftOut() {
    WorkflowGraph graph = json.read("""
        {"schemaVersion": 1,
         "nodes": [{"id": "n1", "type": "core.set@1", "options": {"retry": {"maxAttempts": 5}}}],
         "settings": {"retry": {"initialDelay": "PT10S"}}}
        """);

    RetryPolicy nodeRetry = graph.nodes().getFirst().options().retry().orElseThrow();
    assertThat(nodeRetry).isEqualTo(new RetryPolicy(5, RetryPolicy.DEFAULT.initialDelay(), RetryPolicy.DEFAULT.multiplier(),
        RetryPolicy.DEFAULT.maxDelay(), RetryPolicy.DEFAULT.jitter(), Set.of()));
    assertThat(graph.settings().retry().initialDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(graph.settings().retry().maxAttempts()).isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
  }

  @Test
  void shouldReadAWorkflowFromAStream() throws IOException {
    byte[] file = resource("appointment-reminder.json");

    WorkflowGraph graph = json.read(new ByteArrayInputStream(file));

    assertThat(graph).isEqualTo(json.read(file));
  }

  @Test
  void shouldStopReadingAStreamAtTheSizeLimit() {
    WorkflowJson small = new WorkflowJson(new WorkflowJson.Limits(100, 10, 10));
    byte[] big = ("{\"schemaVersion\": 1, \"nodes\": [], \"settings\": {\"timezone\": \"" + "x".repeat(200) + "\"}}")
        .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> small.read(new ByteArrayInputStream(big)))
        .isInstanceOfSatisfying(WorkflowFormatException.class, e -> {
          assertThat(e.code()).isEqualTo(WorkflowFormatException.TOO_LARGE);
          assertThat(e.getMessage()).isEqualTo("This file is larger than 100 bytes, the most a workflow file can be.");
        });
  }

  @Test
  void shouldReadAnAlreadyParsedBodyWithoutSharingItsConfig() {
    ObjectNode body = (ObjectNode) JsonMapper.builder().build().readTree("""
        {"schemaVersion": 1, "nodes": [{"id": "n1", "type": "sms.send@2", "config": {"to": "+1555"}}]}
        """);

    WorkflowGraph graph = json.read(body);
    ((ObjectNode) body.get("nodes").get(0).get("config")).put("to", "changed");

    assertThat(graph.nodes().getFirst().config().get("to").stringValue()).isEqualTo("+1555");
  }

  @Test
  void shouldGiveTheSameTreeItPrints() {
    WorkflowGraph graph = richGraph();

    ObjectNode tree = json.toTree(graph);

    assertThat(json.read(tree)).isEqualTo(graph);
    assertThat(tree.get("nodes").get(0).get("options").get("timeout").stringValue()).isEqualTo("PT45S");
  }

  @Test
  void shouldRefuseCoordinatesJsonCannotHold() {
    assertThatThrownBy(() -> new Position(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position(0, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
  }

  static WorkflowGraph richGraph() {
    RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(1500), 3.0, Duration.ofMinutes(2), 0.1,
        Set.of("provider_unavailable"));
    Node trigger = new Node("start", TestCatalog.WEBHOOK, "New lead", new Position(-12.25, 300),
        config("{\"path\": \"leads\", \"auth\": {\"header\": \"X-Key\"}}"),
        new NodeOptions(Optional.empty(), Optional.of(Duration.ofSeconds(45)), NodeOptions.OnError.FAIL), false);
    Node sms = new Node("sms", TestCatalog.SEND_SMS, "Text the lead \"now\" ✓", new Position(200, 300),
        config("{\"to\": \"{{ trigger.body.phone }}\", \"body\": \"Hi!\", \"count\": 3, \"ratio\": 0.5, \"list\": [1, \"two\", null, true]}"),
        new NodeOptions(Optional.of(retry), Optional.of(Duration.ofMinutes(1)), NodeOptions.OnError.ERROR_PORT), true);
    Node log = new Node("log", TestCatalog.SET, "Log", new Position(400, 300), config("{}"),
        new NodeOptions(Optional.empty(), Optional.empty(), NodeOptions.OnError.CONTINUE), false);
    Settings settings = new Settings(Optional.of("Europe/Paris"),
        Optional.of(UUID.fromString("2f1b6c1e-8d0a-4f4b-9f0e-1a2b3c4d5e6f")), RetryPolicy.DEFAULT);
    return new WorkflowGraph(1, List.of(trigger, sms, log),
        List.of(Edge.of("start", "sms"), Edge.of("sms", "error", "log"), new Edge("sms", "out", "log", "in")), settings);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = WorkflowJsonTest.class.getResourceAsStream("/workflow-format/" + name)) {
      return in.readAllBytes();
    }
  }
}
