package io.switchboard.engine.graph;

import io.switchboard.engine.graph.ValidationProblem.Severity;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.switchboard.engine.graph.GraphFixtures.graph;
import static io.switchboard.engine.graph.GraphFixtures.node;
import static io.switchboard.engine.graph.GraphValidator.CYCLE;
import static io.switchboard.engine.graph.TestCatalog.CONDITION;
import static io.switchboard.engine.graph.TestCatalog.LOOP;
import static io.switchboard.engine.graph.TestCatalog.MERGE;
import static io.switchboard.engine.graph.TestCatalog.SEND_SMS;
import static io.switchboard.engine.graph.TestCatalog.SET;
import static io.switchboard.engine.graph.TestCatalog.SWITCH;
import static io.switchboard.engine.graph.TestCatalog.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class GraphValidatorTest {

  private static final Node TRIGGER = node("t", WEBHOOK, "New booking", "{\"path\": \"bookings\"}");

  private final GraphValidator validator =
      new GraphValidator(new TestCatalog(), TestCatalog::balancedBrackets, TestCatalog::closedPlaceholders);

  @Test
  void shouldFindNothingWrongWithAWellBuiltWorkflow() {
    List<Node> nodes = List.of(TRIGGER,
        node("check", CONDITION, "Has phone?", "{\"condition\": \"(trigger.phone != null)\"}"),
        node("route", SWITCH, "By tier", "{\"cases\": [{\"port\": \"vip\", \"when\": \"tier == 'vip'\"}]}"),
        node("each", LOOP, "Each guest", "{\"items\": \"trigger.guests\"}"),
        node("sms", SEND_SMS, "Send reminder", "{\"to\": \"{{ item.phone }}\", \"body\": \"Hi {{ item.name }}\"}"),
        node("join", MERGE, "Join"),
        node("done", SET, "Done", "{\"values\": [{\"name\": \"ok\", \"value\": \"true\"}]}"));
    List<Edge> edges = List.of(Edge.of("t", "check"), Edge.of("check", "true", "route"), Edge.of("check", "false", "join"),
        Edge.of("route", "vip", "each"), Edge.of("route", "default", "join"), Edge.of("each", "item", "sms"),
        new Edge("sms", "out", "each", "next"), Edge.of("each", "done", "join"), Edge.of("join", "done"));

    List<ValidationProblem> problems = validator.validate(graph(nodes, edges));

    assertThat(problems).isEmpty();
    assertThat(GraphValidator.hasErrors(problems)).isFalse();
  }

  @Test
  void shouldReportTwoStepsWithTheSameId() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "First"), node("a", SET, "Second")),
        List.of(Edge.of("t", "a")));

    assertThat(problems(graph, GraphValidator.DUPLICATE_NODE_ID)).singleElement().satisfies(p -> {
      assertThat(p.severity()).isEqualTo(Severity.ERROR);
      assertThat(p.nodeId()).contains("a");
      assertThat(p.message()).isEqualTo("Two steps have the id \"a\": \"First\" and \"Second\". Each step needs its own id.");
    });
  }

  @Test
  void shouldWarnAboutTwoStepsWithTheSameName() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Tidy"), node("b", SET, "Tidy")),
        List.of(Edge.of("t", "a"), Edge.of("a", "b")));

    assertThat(problems(graph, GraphValidator.DUPLICATE_NODE_NAME)).singleElement().satisfies(p -> {
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.nodeId()).contains("b");
    });
  }

  @Test
  void shouldReportAKindOfStepItDoesNotKnow() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("x", "foo.bar@1", "Mystery")), List.of(Edge.of("t", "x")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.UNKNOWN_NODE_TYPE);
      assertThat(p.severity()).isEqualTo(Severity.ERROR);
      assertThat(p.message()).isEqualTo("The step \"Mystery\" uses a kind of step Switchboard does not know (foo.bar@1).");
    });
  }

  @Test
  void shouldWarnAboutAnOldVersionOfAStep() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("old", TestCatalog.OLD_SEND_SMS, "Old SMS", "{\"to\": \"+1555\"}")),
        List.of(Edge.of("t", "old")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.DEPRECATED_NODE_TYPE);
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.message()).startsWith("The step \"Old SMS\" uses an old version of \"Send SMS\" (sms.send@1).");
    });
    assertThat(GraphValidator.hasErrors(validator.validate(graph))).isFalse();
  }

  @Test
  void shouldReportRequiredConfigThatIsAbsentNullOrBlank() {
    WorkflowGraph graph = graph(List.of(TRIGGER,
            node("a", SEND_SMS, "Send reminder", "{\"body\": \"Hi\"}"),
            node("b", SEND_SMS, "Send thanks", "{\"to\": null, \"body\": \"Thanks\"}"),
            node("c", SEND_SMS, "Send survey", "{\"to\": \"  \", \"body\": \"How was it?\"}")),
        List.of(Edge.of("t", "a"), Edge.of("a", "b"), Edge.of("b", "c")));

    List<ValidationProblem> missing = problems(graph, GraphValidator.MISSING_CONFIG);

    assertThat(missing).extracting(ValidationProblem::message).containsExactly(
        "The step \"Send reminder\" needs a value for \"to\".",
        "The step \"Send thanks\" needs a value for \"to\".",
        "The step \"Send survey\" needs a value for \"to\".");
    assertThat(missing).allSatisfy(p -> {
      assertThat(p.field()).contains("to");
      assertThat(p.severity()).isEqualTo(Severity.ERROR);
    });
  }

  @Test
  void shouldReportConnectionsToAndFromStepsThatDoNotExist() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Tidy")),
        List.of(Edge.of("t", "a"), Edge.of("ghost", "a"), Edge.of("a", "nowhere")));

    assertThat(problems(graph, GraphValidator.EDGE_FROM_MISSING_NODE)).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo("A connection into \"Tidy\" starts from a step that does not exist (ghost).");
      assertThat(p.nodeId()).contains("a");
    });
    assertThat(problems(graph, GraphValidator.EDGE_TO_MISSING_NODE)).singleElement().satisfies(p ->
        assertThat(p.message()).isEqualTo("A connection from \"Tidy\" leads to a step that does not exist (nowhere)."));
  }

  @Test
  void shouldReportAConnectionFromAnOutputTheStepDoesNotHave() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("check", CONDITION, "Has phone?", "{\"condition\": \"x\"}"),
            node("a", SET, "Tidy")),
        List.of(Edge.of("t", "check"), Edge.of("check", "maybe", "a")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.UNKNOWN_OUTPUT_PORT);
      assertThat(p.field()).contains("maybe");
      assertThat(p.message()).isEqualTo(
          "The step \"Has phone?\" has no output called \"maybe\"; its outputs are \"true\" and \"false\".");
    });
  }

  @Test
  void shouldTakeOutputsThatDependOnConfigFromTheCatalog() {
    Node route = node("route", SWITCH, "By tier", "{\"cases\": [{\"port\": \"vip\"}, {\"port\": \"regular\"}]}");
    WorkflowGraph graph = graph(List.of(TRIGGER, route, node("a", SET, "A"), node("b", SET, "B"), node("c", SET, "C")),
        List.of(Edge.of("t", "route"), Edge.of("route", "vip", "a"), Edge.of("route", "default", "b"),
            Edge.of("route", "gold", "c")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> assertThat(p.message()).isEqualTo(
        "The step \"By tier\" has no output called \"gold\"; its outputs are \"vip\", \"regular\" and \"default\"."));
  }

  @Test
  void shouldAcceptAConnectionFromTheErrorOutputWhenFailuresGoThere() {
    Node sms = withOnError(node("sms", SEND_SMS, "Send", "{\"to\": \"+1\", \"body\": \"Hi\"}"),
        NodeOptions.OnError.ERROR_PORT);
    WorkflowGraph graph = graph(List.of(TRIGGER, sms, node("a", SET, "Note failure")),
        List.of(Edge.of("t", "sms"), Edge.of("sms", "error", "a")));

    assertThat(validator.validate(graph)).isEmpty();
  }

  @Test
  void shouldWarnAboutAConnectionFromTheErrorOutputThatNeverRuns() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("sms", SEND_SMS, "Send", "{\"to\": \"+1\", \"body\": \"Hi\"}"),
            node("a", SET, "Note failure")),
        List.of(Edge.of("t", "sms"), Edge.of("sms", "error", "a")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.ERROR_PORT_NOT_ENABLED);
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.message()).contains("not set to send its failures there");
    });
  }

  @Test
  void shouldWarnWhenFailuresGoToAnErrorOutputWithNothingConnected() {
    Node sms = withOnError(node("sms", SEND_SMS, "Send", "{\"to\": \"+1\", \"body\": \"Hi\"}"),
        NodeOptions.OnError.ERROR_PORT);
    WorkflowGraph graph = graph(List.of(TRIGGER, sms), List.of(Edge.of("t", "sms")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.ERROR_PORT_UNCONNECTED);
      assertThat(p.message()).isEqualTo(
          "The step \"Send\" sends its failures to its \"error\" output, but nothing is connected to it.");
    });
  }

  @Test
  void shouldReportAConnectionIntoAnInputTheStepDoesNotHave() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("each", LOOP, "Each guest", "{\"items\": \"x\"}"),
            node("a", SET, "Greet")),
        List.of(Edge.of("t", "each"), new Edge("each", "item", "a", "in"), new Edge("a", "out", "each", "again")));

    assertThat(problems(graph, GraphValidator.UNKNOWN_INPUT)).singleElement().satisfies(p -> {
      assertThat(p.field()).contains("again");
      assertThat(p.message()).isEqualTo(
          "The step \"Each guest\" has no input called \"again\"; its inputs are \"in\" and \"next\".");
    });
  }

  @Test
  void shouldReportAConnectionIntoATrigger() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Tidy")), List.of(Edge.of("t", "a"), Edge.of("a", "t")));

    assertThat(problems(graph, GraphValidator.EDGE_INTO_TRIGGER)).singleElement().satisfies(p -> assertThat(p.message())
        .isEqualTo("The step \"New booking\" starts the workflow, so nothing can lead into it."));
  }

  @Test
  void shouldWarnAboutTheSameConnectionMadeTwice() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Tidy")), List.of(Edge.of("t", "a"), Edge.of("t", "a")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.DUPLICATE_EDGE);
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.message()).isEqualTo("\"New booking\" is connected to \"Tidy\" twice in the same way; remove one.");
    });
  }

  @Test
  void shouldReportStepsThatRunInCircles() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Ask"), node("b", SET, "Wait"), node("c", SET, "Check")),
        List.of(Edge.of("t", "a"), Edge.of("a", "b"), Edge.of("b", "c"), Edge.of("c", "a")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(CYCLE);
      assertThat(p.severity()).isEqualTo(Severity.ERROR);
      assertThat(p.nodeId()).contains("a");
      assertThat(p.message()).isEqualTo("The steps \"Ask\", \"Wait\" and \"Check\" would run in circles. To repeat "
          + "steps, use a loop and connect the last step back to its \"next\" input.");
    });
  }

  @Test
  void shouldReportAStepThatLeadsIntoItself() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Again")), List.of(Edge.of("t", "a"), Edge.of("a", "a")));

    assertThat(problems(graph, CYCLE)).singleElement().satisfies(p ->
        assertThat(p.message()).startsWith("The step \"Again\" leads back into itself, so it would run in circles."));
  }

  @Test
  void shouldAcceptACircleBackIntoALoopsNextInput() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("each", LOOP, "Each", "{\"items\": \"x\"}"),
            node("a", SET, "Greet"), node("b", SET, "Log")),
        List.of(Edge.of("t", "each"), Edge.of("each", "item", "a"), Edge.of("a", "b"), new Edge("b", "out", "each", "next")));

    assertThat(validator.validate(graph)).isEmpty();
  }

  @Test
  void shouldReportACircleBackIntoALoopsMainInput() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("each", LOOP, "Each", "{\"items\": \"x\"}"),
            node("a", SET, "Greet")),
        List.of(Edge.of("t", "each"), Edge.of("each", "item", "a"), Edge.of("a", "each")));

    assertThat(problems(graph, CYCLE)).singleElement().satisfies(p ->
        assertThat(p.message()).startsWith("The steps \"Each\" and \"Greet\" would run in circles."));
  }

  @Test
  void shouldFindACircleInAVeryLongChainWithoutRunningOutOfStack() {
    List<Node> nodes = new ArrayList<>(List.of(TRIGGER));
    List<Edge> edges = new ArrayList<>(List.of(Edge.of("t", "s0")));
    for (int i = 0; i < 2_000; i++) {
      nodes.add(node("s" + i, SET, "Step " + i));
      if (i > 0) {
        edges.add(Edge.of("s" + (i - 1), "s" + i));
      }
    }
    edges.add(Edge.of("s1999", "s0"));

    List<ValidationProblem> problems = validator.validate(graph(nodes, edges));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(CYCLE);
      assertThat(p.nodeId()).contains("s0");
      assertThat(p.message()).startsWith("The steps \"Step 0\", \"Step 1\", \"Step 2\", \"Step 3\", \"Step 4\" and "
          + "1995 more would run in circles.");
    });
  }

  @Test
  void shouldReportAWorkflowWithoutATrigger() {
    WorkflowGraph graph = graph(List.of(node("a", SET, "Tidy")), List.of());

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.NO_TRIGGER);
      assertThat(p.nodeId()).isEmpty();
      assertThat(p.message()).isEqualTo("This workflow has no trigger, so nothing can start it. Add a trigger step, "
          + "such as a webhook or a schedule.");
    });
  }

  @Test
  void shouldReportAnEmptyWorkflowAsHavingNoTrigger() {
    assertThat(validator.validate(graph(List.of(), List.of()))).extracting(ValidationProblem::code)
        .containsExactly(GraphValidator.NO_TRIGGER);
  }

  @Test
  void shouldWarnAboutStepsNoTriggerLeadsTo() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("a", SET, "Tidy"), node("b", SET, "Forgotten"),
            node("c", SET, "Also forgotten")),
        List.of(Edge.of("t", "a"), Edge.of("b", "c")));

    assertThat(validator.validate(graph)).extracting(ValidationProblem::code, ValidationProblem::nodeId,
            ValidationProblem::message)
        .containsExactly(
            tuple(GraphValidator.UNREACHABLE_NODE, Optional.of("b"),
                "The step \"Forgotten\" is not connected to any trigger, so it never runs."),
            tuple(GraphValidator.UNREACHABLE_NODE, Optional.of("c"),
                "The step \"Also forgotten\" is not connected to any trigger, so it never runs."));
  }

  @Test
  void shouldReportAnExpressionThatDoesNotParse() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("check", CONDITION, "Has phone?", "{\"condition\": \"(a && b\"}")),
        List.of(Edge.of("t", "check")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.INVALID_EXPRESSION);
      assertThat(p.field()).contains("condition");
      assertThat(p.message()).isEqualTo("The step \"Has phone?\" has a problem in \"condition\": a \"(\" is never closed.");
    });
  }

  @Test
  void shouldCheckTheExpressionOfEveryElementOfAList() {
    Node route = node("route", SWITCH, "By tier",
        "{\"cases\": [{\"port\": \"vip\", \"when\": \"(tier)\"}, {\"port\": \"new\", \"when\": \"tier)\"}]}");
    WorkflowGraph graph = graph(List.of(TRIGGER, route), List.of(Edge.of("t", "route")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.field()).contains("cases[1].when");
      assertThat(p.message()).startsWith("The step \"By tier\" has a problem in \"cases[1].when\":");
    });
  }

  @Test
  void shouldReportATemplateThatDoesNotParse() {
    WorkflowGraph graph = graph(List.of(TRIGGER,
            node("sms", SEND_SMS, "Send reminder", "{\"to\": \"+1555\", \"body\": \"Hi {{ name, see you\"}")),
        List.of(Edge.of("t", "sms")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.INVALID_TEMPLATE);
      assertThat(p.field()).contains("body");
      assertThat(p.message()).isEqualTo(
          "The step \"Send reminder\" has a problem in \"body\": a {{ placeholder is not closed with }}.");
    });
  }

  @Test
  void shouldLeaveLiteralValuesInExpressionFieldsUnchecked() {
    GraphValidator refusingAll = new GraphValidator(new TestCatalog(), text -> Optional.of("never fine"),
        text -> Optional.of("never fine"));
    WorkflowGraph graph = graph(List.of(TRIGGER, node("check", CONDITION, "Always", "{\"condition\": true}")),
        List.of(Edge.of("t", "check")));

    assertThat(refusingAll.validate(graph)).isEmpty();
  }

  @Test
  void shouldWarnAboutALoopWhoseNextInputIsNotConnected() {
    WorkflowGraph graph = graph(List.of(TRIGGER, node("each", LOOP, "Each guest", "{\"items\": \"x\"}"),
            node("a", SET, "Greet")),
        List.of(Edge.of("t", "each"), Edge.of("each", "item", "a")));

    assertThat(validator.validate(graph)).singleElement().satisfies(p -> {
      assertThat(p.code()).isEqualTo(GraphValidator.LOOP_NEXT_UNCONNECTED);
      assertThat(p.severity()).isEqualTo(Severity.WARNING);
      assertThat(p.message()).startsWith("Nothing is connected to the \"next\" input of the loop \"Each guest\".");
    });
  }

  @Test
  void shouldAllowDisabledStepsButStillCheckTheirConnections() {
    Node off = new Node("off", CONDITION, "Switched off", Position.ORIGIN,
        GraphFixtures.config("{\"condition\": \"x\"}"), NodeOptions.DEFAULTS, true);
    WorkflowGraph graph = graph(List.of(TRIGGER, off, node("a", SET, "After")),
        List.of(Edge.of("t", "off"), Edge.of("off", "out", "a")));

    assertThat(validator.validate(graph)).extracting(ValidationProblem::code)
        .containsExactly(GraphValidator.UNKNOWN_OUTPUT_PORT);
  }

  @Test
  void shouldTellErrorsFromWarnings() {
    ValidationProblem warning = new ValidationProblem(Severity.WARNING, "w", Optional.empty(), Optional.empty(), "w");
    ValidationProblem error = new ValidationProblem(Severity.ERROR, "e", Optional.empty(), Optional.empty(), "e");

    assertThat(GraphValidator.hasErrors(List.of(warning))).isFalse();
    assertThat(GraphValidator.hasErrors(List.of(warning, error))).isTrue();
    assertThat(GraphValidator.hasErrors(List.of())).isFalse();
  }

  private List<ValidationProblem> problems(WorkflowGraph graph, String code) {
    return validator.validate(graph).stream().filter(p -> p.code().equals(code)).toList();
  }

  private static Node withOnError(Node node, NodeOptions.OnError onError) {
    return new Node(node.id(), node.type(), node.name(), node.position(), node.config(),
        new NodeOptions(Optional.empty(), Optional.empty(), onError), node.disabled());
  }
}
