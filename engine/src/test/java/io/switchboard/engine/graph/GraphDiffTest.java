package io.switchboard.engine.graph;

import io.switchboard.engine.graph.GraphChange.EdgeAdded;
import io.switchboard.engine.graph.GraphChange.EdgeRemoved;
import io.switchboard.engine.graph.GraphChange.NodeAdded;
import io.switchboard.engine.graph.GraphChange.NodeChanged;
import io.switchboard.engine.graph.GraphChange.NodeRemoved;
import io.switchboard.engine.graph.GraphChange.SettingsChanged;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.switchboard.engine.graph.GraphFixtures.config;
import static io.switchboard.engine.graph.GraphFixtures.graph;
import static io.switchboard.engine.graph.GraphFixtures.node;
import static io.switchboard.engine.graph.TestCatalog.CONDITION;
import static io.switchboard.engine.graph.TestCatalog.SEND_SMS;
import static io.switchboard.engine.graph.TestCatalog.SET;
import static io.switchboard.engine.graph.TestCatalog.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;

class GraphDiffTest {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Node TRIGGER = node("t", WEBHOOK, "New booking", "{\"path\": \"bookings\"}");
  private static final Node SMS = node("sms", SEND_SMS, "Send reminder", "{\"to\": \"+1555\", \"body\": \"Hi\"}");

  @Test
  void shouldFindNoChangesBetweenEqualGraphs() {
    WorkflowGraph graph = WorkflowJsonTest.richGraph();

    assertThat(GraphDiff.between(graph, new WorkflowJson().read(new WorkflowJson().write(graph)))).isEmpty();
  }

  @Test
  void shouldReportAddedAndRemovedSteps() {
    WorkflowGraph before = graph(List.of(TRIGGER, SMS), List.of());
    Node tidy = node("tidy", SET, "Tidy up");
    WorkflowGraph after = graph(List.of(TRIGGER, tidy), List.of());

    List<GraphChange> changes = GraphDiff.between(before, after);

    assertThat(changes).containsExactly(new NodeRemoved(SMS), new NodeAdded(tidy));
    assertThat(changes).extracting(GraphChange::summary)
        .containsExactly("Removed the step \"Send reminder\".", "Added the step \"Tidy up\".");
  }

  @Test
  void shouldListEachChangedConfigFieldWithOldAndNewValues() {
    Node changed = node("sms", SEND_SMS, "Send reminder", "{\"to\": \"+1666\", \"body\": \"Hi\", \"media\": \"x.png\"}");

    List<GraphChange> changes = GraphDiff.between(graph(List.of(SMS), List.of()), graph(List.of(changed), List.of()));

    assertThat(changes).singleElement().isInstanceOfSatisfying(NodeChanged.class, c -> {
      assertThat(c.nodeId()).isEqualTo("sms");
      assertThat(c.layoutOnly()).isFalse();
      assertThat(c.changes()).containsExactly(
          new FieldChange("config.media", Optional.empty(), Optional.of(JSON.stringNode("x.png"))),
          new FieldChange("config.to", Optional.of(JSON.stringNode("+1555")), Optional.of(JSON.stringNode("+1666"))));
      assertThat(c.summary()).isEqualTo("Changed \"media\" and \"to\" in the step \"Send reminder\".");
    });
  }

  @Test
  void shouldPointIntoListsAndNestedFields() {
    Node before = node("s", SET, "Set", "{\"values\": [{\"name\": \"a\", \"value\": \"1\"}, {\"name\": \"b\", \"value\": \"2\"}],"
        + " \"odd key\": {\"x\": 1}}");
    Node after = node("s", SET, "Set", "{\"values\": [{\"name\": \"a\", \"value\": \"1\"}, {\"name\": \"b\", \"value\": \"3\"}],"
        + " \"odd key\": {\"x\": 2}}");

    NodeChanged change = (NodeChanged) GraphDiff.between(graph(List.of(before), List.of()), graph(List.of(after), List.of()))
        .getFirst();

    assertThat(change.changes()).extracting(FieldChange::path)
        .containsExactly("config[\"odd key\"].x", "config.values[1].value");
    assertThat(change.summary()).isEqualTo("Changed \"odd key\" and \"values\" in the step \"Set\".");
  }

  @Test
  void shouldReportAListThatChangedLengthAsOneChange() {
    Node before = node("s", SET, "Set", "{\"values\": [1, 2]}");
    Node after = node("s", SET, "Set", "{\"values\": [1, 2, 3]}");

    NodeChanged change = (NodeChanged) GraphDiff.between(graph(List.of(before), List.of()), graph(List.of(after), List.of()))
        .getFirst();

    assertThat(change.changes()).singleElement().satisfies(f -> {
      assertThat(f.path()).isEqualTo("config.values");
      assertThat(f.after()).contains(config("{\"v\": [1, 2, 3]}").get("v"));
    });
  }

  @Test
  void shouldReportAMoveOnItsOwnAsLayoutOnly() {
    Node moved = new Node(SMS.id(), SMS.type(), SMS.name(), new Position(300, 40), SMS.config(), SMS.options(), false);

    List<GraphChange> changes = GraphDiff.between(graph(List.of(SMS), List.of()), graph(List.of(moved), List.of()));

    assertThat(changes).singleElement().satisfies(c -> {
      assertThat(c.layoutOnly()).isTrue();
      assertThat(c.summary()).isEqualTo("Moved the step \"Send reminder\".");
      assertThat(((NodeChanged) c).changes()).singleElement().satisfies(f -> {
        assertThat(f.path()).isEqualTo("position");
        assertThat(f.after().orElseThrow().get("x").asInt()).isEqualTo(300);
      });
    });
  }

  @Test
  void shouldNotCallAMoveWithOtherChangesLayoutOnly() {
    Node changed = new Node(SMS.id(), SMS.type(), SMS.name(), new Position(300, 40), config("{\"to\": \"+1\", \"body\": \"Hi\"}"),
        SMS.options(), false);

    GraphChange change = GraphDiff.between(graph(List.of(SMS), List.of()), graph(List.of(changed), List.of())).getFirst();

    assertThat(change.layoutOnly()).isFalse();
    assertThat(change.summary()).isEqualTo("Changed the place on the canvas and \"to\" in the step \"Send reminder\".");
  }

  @Test
  void shouldDescribeRenamingTurningOffAndOptionChangesInWords() {
    Node after = new Node(SMS.id(), CONDITION, "Remind", SMS.position(), SMS.config(),
        new NodeOptions(Optional.of(RetryPolicy.DEFAULT), Optional.of(Duration.ofSeconds(10)), NodeOptions.OnError.CONTINUE),
        true);

    NodeChanged change = (NodeChanged) GraphDiff.between(graph(List.of(SMS), List.of()), graph(List.of(after), List.of()))
        .getFirst();

    assertThat(change.changes()).extracting(FieldChange::path)
        .containsExactly("type", "name", "options.retry", "options.timeout", "options.onError", "disabled");
    assertThat(change.summary()).isEqualTo("Renamed the step \"Send reminder\" to \"Remind\". Turned off the step "
        + "\"Remind\". Changed the kind of step, the retry policy, the time limit and what happens on failure in "
        + "the step \"Remind\".");
  }

  @Test
  void shouldReportAddedAndRemovedConnectionsByStepName() {
    Node check = node("check", CONDITION, "Has phone?", "{\"condition\": \"x\"}");
    WorkflowGraph before = graph(List.of(TRIGGER, check, SMS), List.of(Edge.of("t", "check"), Edge.of("check", "true", "sms")));
    WorkflowGraph after = graph(List.of(TRIGGER, check, SMS),
        List.of(Edge.of("t", "check"), Edge.of("check", "false", "sms"), new Edge("t", "out", "sms", "retry")));

    List<GraphChange> changes = GraphDiff.between(before, after);

    assertThat(changes).containsExactly(
        new EdgeRemoved(Edge.of("check", "true", "sms"), "Has phone?", "Send reminder"),
        new EdgeAdded(Edge.of("check", "false", "sms"), "Has phone?", "Send reminder"),
        new EdgeAdded(new Edge("t", "out", "sms", "retry"), "New booking", "Send reminder"));
    assertThat(changes).extracting(GraphChange::summary).containsExactly(
        "Disconnected \"Has phone?\" (true) from \"Send reminder\".",
        "Connected \"Has phone?\" (false) to \"Send reminder\".",
        "Connected \"New booking\" to \"Send reminder\" (retry).");
  }

  @Test
  void shouldNameTheStepsOfAConnectionRemovedWithThem() {
    WorkflowGraph before = graph(List.of(TRIGGER, SMS), List.of(Edge.of("t", "sms")));
    WorkflowGraph after = graph(List.of(TRIGGER), List.of());

    assertThat(GraphDiff.between(before, after)).extracting(GraphChange::summary)
        .containsExactly("Removed the step \"Send reminder\".", "Disconnected \"New booking\" from \"Send reminder\".");
  }

  @Test
  void shouldCountAConnectionMadeTwice() {
    WorkflowGraph before = graph(List.of(TRIGGER, SMS), List.of(Edge.of("t", "sms")));
    WorkflowGraph after = graph(List.of(TRIGGER, SMS), List.of(Edge.of("t", "sms"), Edge.of("t", "sms")));

    assertThat(GraphDiff.between(before, after)).containsExactly(new EdgeAdded(Edge.of("t", "sms"), "New booking",
        "Send reminder"));
    assertThat(GraphDiff.between(after, before)).containsExactly(new EdgeRemoved(Edge.of("t", "sms"), "New booking",
        "Send reminder"));
  }

  @Test
  void shouldReportChangedSettings() {
    WorkflowGraph before = graph(List.of(TRIGGER), List.of());
    WorkflowGraph after = new WorkflowGraph(1, List.of(TRIGGER), List.of(),
        new Settings(Optional.of("Europe/Berlin"), Optional.empty(), RetryPolicy.DEFAULT));

    List<GraphChange> changes = GraphDiff.between(before, after);

    assertThat(changes).singleElement().isInstanceOfSatisfying(SettingsChanged.class, c -> {
      assertThat(c.changes()).extracting(FieldChange::path)
          .containsExactly("timezone", "retry.maxAttempts", "retry.initialDelay");
      assertThat(c.changes().getFirst().before()).contains(JSON.nullNode());
      assertThat(c.summary()).isEqualTo("Changed the time zone and the default retry policy of the workflow.");
    });
  }

  @Test
  void shouldGiveEachChangeAJsonFormForTheApi() {
    Node moved = new Node(SMS.id(), SMS.type(), SMS.name(), new Position(10, 0), config("{\"to\": \"+1\", \"body\": \"Hi\"}"),
        SMS.options(), false);
    WorkflowGraph before = graph(List.of(TRIGGER, SMS), List.of());
    WorkflowGraph after = graph(List.of(TRIGGER, moved, node("x", SET, "Extra")), List.of(Edge.of("t", "sms")));

    ArrayNode json = GraphDiff.toJson(GraphDiff.between(before, after));

    assertThat(json).hasSize(3);
    ObjectNode changed = (ObjectNode) json.get(0);
    assertThat(changed.get("change").stringValue()).isEqualTo("node_changed");
    assertThat(changed.get("nodeId").stringValue()).isEqualTo("sms");
    assertThat(changed.get("layoutOnly").booleanValue()).isFalse();
    JsonNode to = changed.get("fields").get(1);
    assertThat(to.get("path").stringValue()).isEqualTo("config.to");
    assertThat(to.get("before").stringValue()).isEqualTo("+1555");
    assertThat(to.get("after").stringValue()).isEqualTo("+1");
    assertThat(json.get(1).get("change").stringValue()).isEqualTo("node_added");
    assertThat(json.get(1).get("node").get("type").stringValue()).isEqualTo(SET);
    assertThat(json.get(2).get("change").stringValue()).isEqualTo("edge_added");
    assertThat(json.get(2).get("edge").get("fromPort").stringValue()).isEqualTo("out");
    assertThat(json.get(2).get("summary").stringValue()).isEqualTo("Connected \"New booking\" to \"Send reminder\".");
  }

  @Test
  void shouldLeaveOutTheMissingSideOfAnAddedField() {
    Node after = node("sms", SEND_SMS, "Send reminder", "{\"to\": \"+1555\", \"body\": \"Hi\", \"media\": \"x.png\"}");

    JsonNode field = GraphDiff.between(graph(List.of(SMS), List.of()), graph(List.of(after), List.of())).getFirst()
        .toJson().get("fields").get(0);

    assertThat(field.has("before")).isFalse();
    assertThat(field.get("after").stringValue()).isEqualTo("x.png");
  }
}
