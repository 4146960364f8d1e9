package io.switchboard.engine.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.stream.Stream;

import static io.switchboard.engine.graph.WorkflowFormatException.DUPLICATE_FIELD;
import static io.switchboard.engine.graph.WorkflowFormatException.INVALID_VALUE;
import static io.switchboard.engine.graph.WorkflowFormatException.MISSING_FIELD;
import static io.switchboard.engine.graph.WorkflowFormatException.N8N_EXPORT;
import static io.switchboard.engine.graph.WorkflowFormatException.NOT_A_WORKFLOW;
import static io.switchboard.engine.graph.WorkflowFormatException.NOT_JSON;
import static io.switchboard.engine.graph.WorkflowFormatException.TOO_LARGE;
import static io.switchboard.engine.graph.WorkflowFormatException.TOO_MANY_EDGES;
import static io.switchboard.engine.graph.WorkflowFormatException.TOO_MANY_NODES;
import static io.switchboard.engine.graph.WorkflowFormatException.UNKNOWN_FIELD;
import static io.switchboard.engine.graph.WorkflowFormatException.UNSUPPORTED_SCHEMA_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Files that are not Switchboard workflows, or break the format, and what the reader says about them. */
class WorkflowJsonMalformedTest {

  private final WorkflowJson json = new WorkflowJson();

  static Stream<Arguments> corpus() {
    return Stream.of(
        arguments("empty file", "", NOT_JSON, "This file is empty."),
        arguments("only spaces", "  \n ", NOT_JSON, "This file is empty."),
        arguments("plain text", "hello there", NOT_JSON,
            "This file is not a Switchboard workflow: it is not valid JSON (near line 1, column 1)."),
        arguments("cut off", "{\"schemaVersion\": 1, \"nodes\": [", NOT_JSON, "it is not valid JSON"),
        arguments("something after the workflow", "{\"schemaVersion\": 1, \"nodes\": []} {}", NOT_JSON,
            "it is not valid JSON"),
        arguments("a field twice", "{\"schemaVersion\": 1, \"nodes\": [], \"nodes\": []}", DUPLICATE_FIELD,
            "it has the same field twice in one place"),
        arguments("a list", "[1, 2]", NOT_A_WORKFLOW,
            "This file is not a Switchboard workflow: it holds a list where a workflow with \"nodes\" and \"edges\" was expected."),
        arguments("a number", "42", NOT_A_WORKFLOW, "it holds the number 42 where a workflow"),
        arguments("an empty object", "{}", NOT_A_WORKFLOW,
            "This file is not a Switchboard workflow: it has no 'nodes' list."),
        arguments("nodes not a list", "{\"schemaVersion\": 1, \"nodes\": {\"n1\": {}}}", NOT_A_WORKFLOW,
            "This file is not a Switchboard workflow: its 'nodes' is not a list."),
        arguments("an n8n workflow", "{\"name\": \"x\", \"nodes\": [], \"connections\": {}}", N8N_EXPORT,
            "This file is not a Switchboard workflow: it looks like an n8n export. Use Import from n8n instead."),
        arguments("an n8n node", "{\"schemaVersion\": 1, \"nodes\": [{\"id\": \"a\", \"type\": \"n8n-nodes-base.set\"}]}",
            N8N_EXPORT, "looks like an n8n export"),
        arguments("several n8n workflows", "[{\"name\": \"x\", \"nodes\": [], \"connections\": {}}]", N8N_EXPORT,
            "looks like an n8n export"),
        arguments("no schema version", "{\"nodes\": []}", NOT_A_WORKFLOW,
            "This file is not a Switchboard workflow: it has no 'schemaVersion'."),
        arguments("schema version as text", "{\"schemaVersion\": \"1\", \"nodes\": []}", INVALID_VALUE,
            "In the workflow, \"schemaVersion\" should be a whole number such as 1, not the text \"1\"."),
        arguments("fractional schema version", "{\"schemaVersion\": 1.5, \"nodes\": []}", INVALID_VALUE,
            "not the number 1.5"),
        arguments("newer schema version", "{\"schemaVersion\": 7, \"nodes\": []}", UNSUPPORTED_SCHEMA_VERSION,
            "This workflow was saved by a newer version of Switchboard (format 7); this one reads format 1 and older. "
                + "Update Switchboard to open it."),
        arguments("unknown top-level field", "{\"schemaVersion\": 1, \"nodes\": [], \"pinned\": {}}", UNKNOWN_FIELD,
            "The workflow has a field Switchboard does not know: \"pinned\"."),
        arguments("node that is text", "{\"schemaVersion\": 1, \"nodes\": [\"n1\"]}", INVALID_VALUE,
            "Step 1 should be a group of fields (id, type, name, ...), not the text \"n1\"."),
        arguments("node without id", node("{\"type\": \"core.set@1\", \"name\": \"Tidy up\"}"), MISSING_FIELD,
            "The step \"Tidy up\" has no \"id\"; every step needs one."),
        arguments("unnamed node without id", node("{\"type\": \"core.set@1\"}"), MISSING_FIELD,
            "Step 1 has no \"id\"; every step needs one."),
        arguments("blank id", node("{\"id\": \" \", \"type\": \"core.set@1\"}"), MISSING_FIELD, "has no \"id\""),
        arguments("numeric id", node("{\"id\": 7, \"type\": \"core.set@1\"}"), INVALID_VALUE,
            "In step 1, \"id\" should be text, not the number 7."),
        arguments("node without type", node("{\"id\": \"n1\", \"name\": \"Send reminder\"}"), MISSING_FIELD,
            "The step \"Send reminder\" has no \"type\", so Switchboard cannot tell what kind of step it is."),
        arguments("disabled as text", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"disabled\": \"yes\"}"),
            INVALID_VALUE, "In the step \"n1\", \"disabled\" should be true or false, not the text \"yes\"."),
        arguments("config as text", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"config\": \"a=b\"}"),
            INVALID_VALUE, "In the step \"n1\", \"config\" should be a group of fields, not the text \"a=b\"."),
        arguments("position as a pair", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"position\": [1, 2]}"),
            INVALID_VALUE, "\"position\" should be a place on the canvas such as {\"x\": 120, \"y\": 80}, not a list."),
        arguments("coordinate as text", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"position\": {\"x\": \"10\"}}"),
            INVALID_VALUE, "In the step \"n1\", \"position.x\" should be a number, not the text \"10\"."),
        arguments("unknown node field", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"colour\": \"red\"}"),
            UNKNOWN_FIELD, "The step \"n1\" has a field Switchboard does not know: \"colour\"."),
        arguments("timeout in words", options("{\"timeout\": \"30s\"}"), INVALID_VALUE,
            "In the step \"n1\", \"options.timeout\" should be a duration such as \"PT30S\" (30 seconds) or \"PT5M\" (5 minutes), not the text \"30s\"."),
        arguments("negative timeout", options("{\"timeout\": \"-PT5S\"}"), INVALID_VALUE, "should be a duration"),
        arguments("zero timeout", options("{\"timeout\": \"PT0S\"}"), INVALID_VALUE,
            "\"options.timeout\" should be a duration longer than zero"),
        arguments("unknown failure handling", options("{\"onError\": \"IGNORE\"}"), INVALID_VALUE,
            "\"options.onError\" should be one of FAIL, ERROR_PORT, CONTINUE, not the text \"IGNORE\"."),
        arguments("too many attempts", options("{\"retry\": {\"maxAttempts\": 50}}"), INVALID_VALUE,
            "\"options.retry.maxAttempts\" should be a whole number from 1 to 20, not the number 50."),
        arguments("shrinking retries", options("{\"retry\": {\"multiplier\": 0.5}}"), INVALID_VALUE,
            "\"options.retry.multiplier\" should be a number of at least 1"),
        arguments("jitter above one", options("{\"retry\": {\"jitter\": 3}}"), INVALID_VALUE,
            "\"options.retry.jitter\" should be a number from 0 to 1"),
        arguments("retry codes not a list", options("{\"retry\": {\"retryOn\": \"timeout\"}}"), INVALID_VALUE,
            "\"options.retry.retryOn\" should be a list of error codes"),
        arguments("retry as a number", options("{\"retry\": 3}"), INVALID_VALUE,
            "In the step \"n1\", \"options.retry\" should be a group of fields (maxAttempts, initialDelay, ...), not the number 3."),
        arguments("unknown option", options("{\"retries\": 3}"), UNKNOWN_FIELD,
            "The step \"n1\" has a field Switchboard does not know: \"retries\"."),
        arguments("edges not a list", "{\"schemaVersion\": 1, \"nodes\": [], \"edges\": {}}", INVALID_VALUE,
            "In the workflow, \"edges\" should be a list of connections, not a group of fields."),
        arguments("edge without target", edge("{\"from\": \"n1\"}"), MISSING_FIELD,
            "Connection 1 does not say which step it leads to (\"to\" is missing)."),
        arguments("edge without source", edge("{\"to\": \"n1\"}"), MISSING_FIELD,
            "Connection 1 does not say which step it starts from (\"from\" is missing)."),
        arguments("edge port as number", edge("{\"from\": \"n1\", \"to\": \"n1\", \"fromPort\": 0}"), INVALID_VALUE,
            "In the connection from \"Start\" to \"Start\", \"fromPort\" should be text, not the number 0."),
        arguments("unknown edge field", edge("{\"from\": \"n1\", \"to\": \"n1\", \"label\": \"x\"}"), UNKNOWN_FIELD,
            "The connection from \"Start\" to \"Start\" has a field Switchboard does not know: \"label\"."),
        arguments("settings as text", settings("\"fast\""), INVALID_VALUE,
            "In the workflow, \"settings\" should be a group of fields (timezone, errorWorkflowId, retry), not the text \"fast\"."),
        arguments("unknown time zone", settings("{\"timezone\": \"Mars/Olympus\"}"), INVALID_VALUE,
            "In the workflow settings, \"timezone\" should be a time zone such as \"America/New_York\", not the text \"Mars/Olympus\"."),
        arguments("error workflow not an id", settings("{\"errorWorkflowId\": \"my-errors\"}"), INVALID_VALUE,
            "\"errorWorkflowId\" should be the id of a workflow"),
        arguments("error workflow id shortened", settings("{\"errorWorkflowId\": \"1-2-3-4-5\"}"), INVALID_VALUE,
            "\"errorWorkflowId\" should be the id of a workflow"),
        arguments("settings retry out of range", settings("{\"retry\": {\"maxAttempts\": 0}}"), INVALID_VALUE,
            "In the workflow settings, \"retry.maxAttempts\" should be a whole number from 1 to 20, not the number 0."),
        arguments("deep nesting", node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"config\": {\"a\": "
            + "[".repeat(300) + "]".repeat(300) + "}}"), TOO_LARGE, "nests values more than 200 levels deep"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void shouldRefuseMalformedFilesWithAPlainMessage(String description, String file, String code, String message) {
    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> json.read(file));

    assertThat(e).as(description).isNotNull();
    assertThat(e.code()).as(description).isEqualTo(code);
    assertThat(e.getMessage()).as(description).contains(message);
  }

  @Test
  void shouldRecogniseARealN8nExport() throws IOException {
    byte[] file;
    try (InputStream in = getClass().getResourceAsStream("/workflow-format/n8n-export.json")) {
      file = in.readAllBytes();
    }

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> json.read(file));

    assertThat(e.code()).isEqualTo(N8N_EXPORT);
    assertThat(e.getMessage()).contains("Use Import from n8n instead.");
  }

  @Test
  void shouldSayWhereInTheFileTheProblemIs() {
    String file = """
        {"schemaVersion": 1,
         "nodes": [{"id": "n1", "type": "trigger.webhook@1"},
                   {"id": "n2", "type": "sms.send@2", "name": "Send reminder", "options": {"timeout": "soon"}}]}
        """;

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> json.read(file));

    assertThat(e.location()).contains("nodes[1].options.timeout");
    assertThat(e.getMessage()).startsWith("In the step \"Send reminder\", \"options.timeout\" should be a duration");
  }

  @Test
  void shouldGiveNoLocationWhenTheWholeFileIsWrong() {
    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> json.read("not json"));

    assertThat(e.location()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldRefuseMoreStepsThanTheLimit() {
    WorkflowJson small = new WorkflowJson(new WorkflowJson.Limits(1_000_000, 2, 10));

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> small.read(
        "{\"schemaVersion\": 1, \"nodes\": [{\"id\": \"a\", \"type\": \"t\"}, {\"id\": \"b\", \"type\": \"t\"}, "
            + "{\"id\": \"c\", \"type\": \"t\"}]}"));

    assertThat(e.code()).isEqualTo(TOO_MANY_NODES);
    assertThat(e.getMessage()).isEqualTo("This workflow has 3 steps; Switchboard allows at most 2.");
  }

  @Test
  void shouldRefuseMoreConnectionsThanTheLimit() {
    WorkflowJson small = new WorkflowJson(new WorkflowJson.Limits(1_000_000, 10, 1));

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> small.read(
        "{\"schemaVersion\": 1, \"nodes\": [], \"edges\": [{\"from\": \"a\", \"to\": \"b\"}, {\"from\": \"b\", \"to\": \"a\"}]}"));

    assertThat(e.code()).isEqualTo(TOO_MANY_EDGES);
    assertThat(e.getMessage()).isEqualTo("This workflow has 2 connections; Switchboard allows at most 1.");
  }

  @Test
  void shouldRefuseAFileOverTheDefaultSizeLimit() {
    String file = "{\"schemaVersion\": 1, \"nodes\": [], \"pad\": \"" + "x".repeat(5 * 1024 * 1024) + "\"}";

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> json.read(file));

    assertThat(e.code()).isEqualTo(TOO_LARGE);
    assertThat(e.getMessage()).isEqualTo("This file is larger than 5 MB, the most a workflow file can be.");
  }

  @Test
  void shouldCountBytesNotCharactersAgainstTheSizeLimit() {
    WorkflowJson small = new WorkflowJson(new WorkflowJson.Limits(100, 10, 10));
    // 60 characters but 180 bytes in UTF-8
    String file = "{\"schemaVersion\": 1, \"nodes\": [], \"x\": \"" + "€".repeat(30) + "\"}";

    WorkflowFormatException e = catchThrowableOfType(WorkflowFormatException.class, () -> small.read(file));

    assertThat(e.code()).isEqualTo(TOO_LARGE);
  }

  private static String node(String node) {
    return "{\"schemaVersion\": 1, \"nodes\": [" + node + "]}";
  }

  private static String options(String options) {
    return node("{\"id\": \"n1\", \"type\": \"core.set@1\", \"options\": " + options + "}");
  }

  private static String edge(String edge) {
    return "{\"schemaVersion\": 1, \"nodes\": [{\"id\": \"n1\", \"type\": \"core.set@1\", \"name\": \"Start\"}], "
        + "\"edges\": [" + edge + "]}";
  }

  private static String settings(String settings) {
    return "{\"schemaVersion\": 1, \"nodes\": [], \"settings\": " + settings + "}";
  }
}
