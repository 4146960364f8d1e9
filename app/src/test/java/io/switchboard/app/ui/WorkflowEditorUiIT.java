package io.switchboard.app.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.Position;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.UiAccounts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Builder UI in Chromium: build Webhook → If → Set fields on the canvas by dragging from the
 * palette and connecting ports, fill the generated forms, save, test-run and watch each step's
 * status, inspect the run; and another workspace's workflow stays out of reach by its address.
 */
class WorkflowEditorUiIT extends IntegrationTestBase {

  private static final String PASSWORD = "canvas-pass-42";
  private static final Map<String, Object> EMPTY_GRAPH = Map.of("schemaVersion", 1, "nodes", List.of());

  @Test
  void shouldBuildSaveAndTestRunAWorkflowOnTheCanvas() {
    String email = uniqueEmail("canvas");
    try (BrowserSession browser = new BrowserSession("workflow-editor", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      signUp(page, base, "Harbor Dental", email);
      signIn(page, email);
      assertThat(page.locator("#dashboard-heading")).isVisible();

      page.locator("#nav-workflows").click();
      page.waitForURL("**/workflows");
      assertThat(page.locator("#workflows-empty")).isVisible();
      page.locator("#new-workflow").click();
      page.locator("#new-workflow-name input").fill("Booking follow-up");
      page.locator("#create-workflow").click();
      page.waitForURL(Pattern.compile(".*/workflows/[0-9a-f-]{36}$"));
      Locator canvas = page.locator("[data-testid=canvas]");
      assertThat(canvas).isVisible();
      assertThat(page.locator("#workflow-name")).hasText("Booking follow-up");
      assertThat(page.locator("[data-testid='palette-trigger.webhook@1']")).isVisible();
      browser.screenshot("01-empty-editor");

      // the palette's search narrows the list
      page.locator("[data-testid=palette-search]").fill("condition");
      assertThat(page.locator("[data-testid='palette-trigger.webhook@1']")).isHidden();
      page.locator("[data-testid=palette-search]").fill("");

      drag(page, "trigger.webhook@1", canvas, 90, 160);
      drag(page, "logic.condition@1", canvas, 330, 160);
      drag(page, "logic.set@1", canvas, 560, 80);
      assertThat(page.locator("[data-testid=node-n1]")).containsText("Webhook");
      assertThat(page.locator("[data-testid=node-n2]")).containsText("If");
      assertThat(page.locator("[data-testid=node-n3]")).containsText("Set fields");

      connect(page, "[data-testid=handle-n1-out-out]", "[data-testid=handle-n2-in-in]");
      connect(page, "[data-testid=handle-n2-out-true]", "[data-testid=handle-n3-in-in]");
      // nonsense is refused: a step cannot lead into itself
      connect(page, "[data-testid=handle-n3-out-out]", "[data-testid=handle-n3-in-in]");
      assertThat(page.locator(".react-flow__edge")).hasCount(2);
      page.locator(".sb-toolbar button", new Page.LocatorOptions().setHasText("Tidy up")).click();

      // the If step has no condition yet: the problem shows on the node and in the list, in words
      assertThat(page.locator("[data-testid=node-n2]")).hasAttribute("data-problems", "1");
      assertThat(page.locator("#problems")).containsText("needs a value for \"condition\"");
      browser.screenshot("02-connected-with-problems");

      select(page, "n1");
      fill(page.locator("#step-name input"), "New booking");
      select(page, "n2");
      assertThat(page.locator("#side-type")).hasText("If");
      fill(page.locator("#step-name input"), "Has a phone number?");
      fill(page.locator("#field-condition textarea"), "trigger.body.phone != null");
      select(page, "n3");
      fill(page.locator("#step-name input"), "Greeting");
      page.locator("#field-fields-add").click();
      fill(page.locator("#field-fields-0-name input"), "greeting");
      fill(page.locator("#field-fields-0-value textarea"), "Hello {{ trigger.body.name }}");
      assertThat(page.locator("[data-testid=node-n2]")).hasAttribute("data-problems", "0");
      assertThat(page.locator("[data-testid=node-n2]")).containsText("Has a phone number?");
      assertThat(page.locator("#problems-summary")).containsText("No problems found");
      browser.screenshot("03-forms-filled");

      page.locator("#save").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 2");
      assertThat(page.locator("#unsaved")).hasText("");

      ApiClient api = api();
      String token = api.token(email, PASSWORD);
      JsonNode listed = api.get("/api/v1/workflows", token).body();
      String workflowId = listed.get(0).path("id").asString();
      JsonNode saved = api.get("/api/v1/workflows/" + workflowId, token).body();
      JsonNode graph = saved.path("graph");
      assertThat(graph.path("nodes")).hasSize(3);
      assertThat(graph.path("edges")).hasSize(2);
      assertThat(saved.path("workflow").path("latestVersion").asInt()).isEqualTo(2);
      assertThat(node(graph, "n2").path("config").path("condition").asString()).isEqualTo("trigger.body.phone != null");
      assertThat(node(graph, "n1").path("name").asString()).isEqualTo("New booking");
      assertThat(node(graph, "n2").path("name").asString()).isEqualTo("Has a phone number?");
      assertThat(node(graph, "n3").path("name").asString()).isEqualTo("Greeting");
      assertThat(node(graph, "n3").path("config").path("fields").get(0).path("value").asString())
          .isEqualTo("Hello {{ trigger.body.name }}");
      assertThat(edge(graph, "n2")).isEqualTo("n2:true->n3:in");
      assertThat(saved.path("problems").toString()).doesNotContain("\"error\"");

      page.locator("#test-run").click();
      page.locator("#run-payload textarea").fill("{\"body\": {\"phone\": \"+15551234567\", \"name\": \"Ana\"}}");
      page.locator("#run-start").click();
      try {
        assertThat(page.locator("#run-status")).hasText("succeeded");
      } catch (AssertionError e) {
        browser.screenshot("99-diagnostic");
        System.out.println("DIAG executions: " + api.get("/api/v1/executions?workflowId=" + workflowId, token).body());
        throw e;
      }
      for (String node : List.of("n1", "n2", "n3")) {
        assertThat(page.locator("[data-testid=node-" + node + "]")).hasAttribute("data-status", "succeeded");
      }
      browser.screenshot("04-test-run");

      select(page, "n3");
      assertThat(page.locator("#step-details")).containsText("In this run: Greeting");
      assertThat(page.locator("#step-status")).hasText("succeeded");
      assertThat(page.locator("#step-output")).containsText("Hello Ana");
      browser.screenshot("05-step-of-the-run");

      page.navigate(base + "/executions");
      assertThat(page.locator("#executions-grid")).containsText("Booking follow-up");
      assertThat(page.locator("#executions-grid")).containsText("succeeded");
      browser.screenshot("06-executions");

      page.locator("#executions-grid vaadin-button").first().click();
      page.waitForURL(Pattern.compile(".*/executions/[0-9a-f-]{36}$"));
      assertThat(page.locator("#execution-state")).hasText("succeeded");
      assertThat(page.locator("[data-testid=node-n2]")).hasAttribute("data-status", "succeeded");
      page.locator("[data-testid=node-n2]").click();
      assertThat(page.locator("#step-port")).containsText("true");
      browser.screenshot("07-inspector");

      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  @Test
  void shouldNotOpenAnotherWorkspacesWorkflowByItsAddress() {
    ApiClient api = api();
    String tokenA = api.signUpAndToken("Tenant A Plumbing", uniqueEmail("tenant-a"), PASSWORD);
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "A's secret flow", "graph", EMPTY_GRAPH), tokenA);
    assertThat(created.status()).isEqualTo(201);
    String workflowOfA = created.text("workflowId");

    String emailB = uniqueEmail("tenant-b");
    String tokenB = api.signUpAndToken("Tenant B Bakery", emailB, PASSWORD);
    assertThat(api.post("/api/v1/workflows", Map.of("name", "No trigger yet", "graph", EMPTY_GRAPH), tokenB).status()).isEqualTo(201);

    try (BrowserSession browser = new BrowserSession("tenant-isolation-ui", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      signIn(page, emailB);
      assertThat(page.locator("#dashboard-heading")).isVisible();

      page.navigate(base + "/workflows/" + workflowOfA);
      assertThat(page.locator("#not-found")).containsText("Workflow not found");
      assertThat(page.locator("body")).not().containsText("A's secret flow");
      browser.screenshot("01-other-workspace-not-found");

      // B's own workflow cannot be switched on while it has no trigger, and says why in words
      page.navigate(base + "/workflows");
      assertThat(page.locator("#workflows-grid")).containsText("No trigger yet");
      assertThat(page.locator("#workflows-grid")).not().containsText("A's secret flow");
      page.locator("#workflows-grid vaadin-button[data-action=activate]").click();
      assertThat(page.locator("#activation-problems")).containsText("has no trigger");
      page.waitForTimeout(300); // the dialog's opening animation
      browser.screenshot("02-activation-refused");
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  @Test
  void shouldUndoCopyGuardSavesImportExportAndRestoreVersions() throws Exception {
    ApiClient api = api();
    String email = uniqueEmail("editing");
    String token = api.signUpAndToken("Editing Co", email, PASSWORD);
    Map<String, Object> twoSteps = Map.of("schemaVersion", 1,
        "nodes", List.of(
            Map.of("id", "n1", "type", "trigger.manual@1", "name", "Start", "position", Map.of("x", 0, "y", 0)),
            Map.of("id", "n2", "type", "logic.set@1", "name", "Note it", "position", Map.of("x", 260, "y", 0),
                "config", Map.of("fields", List.of(Map.of("name", "seen", "value", "yes"))))),
        "edges", List.of(Map.of("from", "n1", "to", "n2")));
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "Careful edits", "graph", twoSteps), token);
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("workflowId");

    try (BrowserSession browser = new BrowserSession("editor-guards", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      signIn(page, email);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      page.navigate(base + "/workflows/" + id);
      Locator nodes = page.locator(".react-flow__node");
      assertThat(nodes).hasCount(2);

      // click to add, undo, redo
      page.locator("[data-testid='palette-logic.delay@1']").click();
      assertThat(nodes).hasCount(3);
      page.locator("[data-testid=canvas-undo]").click();
      assertThat(nodes).hasCount(2);
      page.locator("[data-testid=canvas-redo]").click();
      assertThat(nodes).hasCount(3);

      // copy and paste a step, then delete the copy
      select(page, "n2");
      page.keyboard().press("Control+c");
      page.keyboard().press("Control+v");
      assertThat(nodes).hasCount(4);
      assertThat(page.locator("[data-node-name='Note it 2']")).isVisible();
      page.locator("[data-testid=canvas-delete]").click();
      assertThat(nodes).hasCount(3);
      assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
      browser.screenshot("01-edited");

      // someone else saves meanwhile: the editor says so and offers to compare
      ApiClient.Response theirs = api.send("PUT", "/api/v1/workflows/" + id + "/graph",
          Map.of("graph", twoSteps, "note", "their change", "basedOnVersion", 1), token);
      assertThat(theirs.status()).isEqualTo(200);
      page.locator("#save").click();
      assertThat(page.locator("#newer-version")).containsText("Someone saved version 2");
      assertThat(page.locator("#newer-version")).containsText("Added the step");
      page.waitForTimeout(300);
      browser.screenshot("02-newer-version");
      page.locator("#save-anyway").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 3");

      // export downloads the workflow file
      com.microsoft.playwright.Download download = page.waitForDownload(() -> page.locator("#export vaadin-button").click());
      JsonNode exported = ApiClient.JSON.readTree(java.nio.file.Files.readString(download.path()));
      assertThat(exported.path("nodes")).hasSize(3);
      assertThat(download.suggestedFilename()).isEqualTo("Careful-edits.switchboard.json");

      // a malformed file is refused with the reason, and nothing changes
      page.locator("#import").click();
      page.locator("#import-upload input[type=file]").setInputFiles(new com.microsoft.playwright.options.FilePayload(
          "broken.switchboard.json", "application/json", "{\"schemaVersion\": 1, \"nodes\": \"oops\"}".getBytes()));
      assertThat(page.locator("#import-error")).containsText("was not imported");
      page.waitForTimeout(300);
      browser.screenshot("03-import-refused");
      page.locator("#import-dialog vaadin-button", new Page.LocatorOptions().setHasText("Cancel")).click();
      // the closed dialog's upload must be gone before the next one opens, or the file goes to the closed one
      assertThat(page.locator("#import-dialog")).hasCount(0);
      assertThat(nodes).hasCount(3);
      assertThat(page.locator("#unsaved")).hasText("");

      // a good file replaces the canvas, unsaved until Save
      page.locator("#import").click();
      assertThat(page.locator("#import-upload")).isVisible();
      page.locator("#import-upload input[type=file]").setInputFiles(new com.microsoft.playwright.options.FilePayload(
          "good.switchboard.json", "application/json", ApiClient.JSON.writeValueAsBytes(Map.of("schemaVersion", 1,
              "nodes", List.of(Map.of("id", "a", "type", "trigger.manual@1", "name", "Only step"))))));
      assertThat(nodes).hasCount(1);
      assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
      page.locator("#save").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 4");

      // history: restore version 1
      page.locator("#history").click();
      page.locator("#history-dialog vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("v1")).first().click();
      assertThat(page.locator("#version-changes")).containsText("The first version");
      page.waitForTimeout(300);
      browser.screenshot("04-history");
      page.locator("#restore-version").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 5");
      assertThat(nodes).hasCount(2);
      assertThat(page.locator("[data-node-name='Note it']")).isVisible();
      assertThat(browser.consoleErrors).isEmpty();
    }
    JsonNode versions = api.get("/api/v1/workflows/" + id + "/versions", token).body();
    assertThat(versions).hasSize(5);
    assertThat(versions.get(0).path("note").asString()).isEqualTo("Restored from version 1");
  }

  @Test
  void shouldResumeReplayAndCancelRunsFromTheInspector() {
    ApiClient api = api();
    String email = uniqueEmail("inspector");
    String token = api.signUpAndToken("Inspector Co", email, PASSWORD);
    Map<String, Object> waiting = Map.of("schemaVersion", 1,
        "nodes", List.of(
            Map.of("id", "n1", "type", "trigger.manual@1", "name", "Start", "position", Map.of("x", 0, "y", 0)),
            Map.of("id", "n2", "type", "logic.delay@1", "name", "Wait a day", "position", Map.of("x", 260, "y", 0),
                "config", Map.of("mode", "duration", "duration", "1d")),
            Map.of("id", "n3", "type", "logic.set@1", "name", "Follow up", "position", Map.of("x", 520, "y", 0),
                "config", Map.of("fields", List.of(Map.of("name", "done", "value", "yes"))))),
        "edges", List.of(Map.of("from", "n1", "to", "n2"), Map.of("from", "n2", "to", "n3")));
    String id = api.post("/api/v1/workflows", Map.of("name", "Slow follow-up", "graph", waiting), token).text("workflowId");
    String first = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("lead", "Ana")), token).text("id");
    String second = api.post("/api/v1/workflows/" + id + "/run", Map.of("payload", Map.of("lead", "Bo")), token).text("id");

    try (BrowserSession browser = new BrowserSession("execution-inspector", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      signIn(page, email);
      assertThat(page.locator("#dashboard-heading")).isVisible();

      page.navigate(base + "/executions");
      page.locator("#filter-state").click();
      page.locator("vaadin-select-item", new Page.LocatorOptions().setHasText("waiting")).click();
      assertThat(page.locator("#executions-grid vaadin-button")).hasCount(2);
      browser.screenshot("01-waiting-runs");

      page.navigate(base + "/executions/" + first);
      assertThat(page.locator("#execution-state")).hasText("waiting");
      assertThat(page.locator("[data-testid=node-n2]")).hasAttribute("data-status", "waiting");
      assertThat(page.locator("#side-panel")).containsText("Waiting for");
      browser.screenshot("02-waiting");
      page.locator("#resume-run").click();
      assertThat(page.locator("#execution-state")).hasText("succeeded");
      assertThat(page.locator("[data-testid=node-n3]")).hasAttribute("data-status", "succeeded");

      page.locator("[data-testid=node-n3]").click();
      assertThat(page.locator("#step-details")).containsText("In this run: Follow up");
      page.locator("#replay-run").click();
      page.waitForURL(url -> url.contains("/executions/") && !url.endsWith(first));
      assertThat(page.locator("#execution-state")).hasText("succeeded");
      assertThat(page.locator("#execution-title")).containsText("Slow follow-up");
      assertThat(page.locator("[data-testid=node-n3]")).hasAttribute("data-status", "succeeded");
      assertThat(page.locator("[data-testid=node-n1]")).hasAttribute("data-status", "");
      browser.screenshot("03-replayed");

      page.navigate(base + "/executions/" + second);
      assertThat(page.locator("#execution-state")).hasText("waiting");
      page.locator("#cancel-run").click();
      assertThat(page.locator("#execution-state")).hasText("cancelled");
      assertThat(page.locator("#cancel-run")).hasCount(0);
      browser.screenshot("04-cancelled");
      assertThat(browser.consoleErrors).isEmpty();
    }
    assertThat(api.get("/api/v1/executions/" + second, token).body().path("summary").path("status").asString())
        .isEqualTo("cancelled");
  }

  private static void signUp(Page page, String base, String company, String email) {
    UiAccounts.signUp(page, base, company, email, PASSWORD);
  }

  private static void signIn(Page page, String email) {
    UiAccounts.signIn(page, email, PASSWORD);
  }

  /** Clicks a step on the canvas and waits until the panel shows it. */
  private static void select(Page page, String nodeId) {
    page.locator("[data-testid=node-" + nodeId + "]").click();
    assertThat(page.locator("#side-panel[data-node=" + nodeId + "]")).isVisible();
  }

  /** Types into a field and leaves it, so the server gets the value. */
  private static void fill(Locator field, String value) {
    field.fill(value);
    field.press("Tab");
  }

  private static void drag(Page page, String nodeType, Locator canvas, double x, double y) {
    page.locator("[data-testid='palette-" + nodeType + "']")
        .dragTo(canvas, new Locator.DragToOptions().setTargetPosition(new Position(x, y)));
  }

  private static void connect(Page page, String fromHandle, String toHandle) {
    BoundingBox from = page.locator(fromHandle).boundingBox();
    BoundingBox to = page.locator(toHandle).boundingBox();
    page.mouse().move(from.x + from.width / 2, from.y + from.height / 2);
    page.mouse().down();
    page.mouse().move(to.x + to.width / 2, to.y + to.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(15));
    page.mouse().up();
  }

  private static JsonNode node(JsonNode graph, String id) {
    for (JsonNode n : graph.path("nodes")) {
      if (n.path("id").asString().equals(id)) return n;
    }
    throw new AssertionError("no node " + id + " in " + graph);
  }

  private static String edge(JsonNode graph, String from) {
    for (JsonNode e : graph.path("edges")) {
      if (e.path("from").asString().equals(from)) {
        return e.path("from").asString() + ":" + e.path("fromPort").asString() + "->" + e.path("to").asString() + ":"
            + e.path("toInput").asString();
      }
    }
    throw new AssertionError("no edge from " + from + " in " + graph);
  }
}
