package io.switchboard.app.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.UiAccounts;
import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editor's template autocomplete (the data of the steps before the selected one, as paths that
 * evaluate) and its drafts: an edit made before the session ends survives signing in again.
 */
class EditorDataAndDraftsUiIT extends IntegrationTestBase {

  private static final String PASSWORD = "autocomplete-pass-42";

  @Autowired
  private ServletWebServerApplicationContext web;

  @Test
  void shouldSuggestTheDataOfEarlierStepsInTemplateFields() {
    ApiClient api = api();
    String email = uniqueEmail("autocomplete");
    String token = api.signUpAndToken("Autocomplete Dental", email, PASSWORD);
    JsonNode graph = graph("""
        {'nodes': [
          {'id': 'n1', 'type': 'trigger.webhook@1', 'name': 'New lead', 'position': {'x': 0, 'y': 0}},
          {'id': 'n2', 'type': 'logic.set@1', 'name': 'Greeting', 'position': {'x': 260, 'y': 0},
           'config': {'fields': [{'name': 'greeting', 'value': 'Hi '}]}},
          {'id': 'n3', 'type': 'logic.set@1', 'name': 'Later step', 'position': {'x': 520, 'y': 0},
           'config': {'fields': [{'name': 'done', 'value': 'yes'}]}}],
         'edges': [{'from': 'n1', 'to': 'n2'}, {'from': 'n2', 'to': 'n3'}]}""");
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "Lead greeting", "graph", graph), token);
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("workflowId");
    // an earlier test run: its trigger data and outputs are offered too
    ApiClient.Response ran = api.post("/api/v1/workflows/" + id + "/run",
        Map.of("payload", Map.of("body", Map.of("name", "Ada", "phone", "+15550001111"))), token);
    assertThat(ran.status()).isEqualTo(201);

    try (BrowserSession browser = new BrowserSession("editor-autocomplete", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      UiAccounts.signIn(page, email, PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      page.navigate(base + "/workflows/" + id);
      select(page, "n2");

      Locator field = page.locator("#field-fields-0-value textarea");
      field.click();
      field.press("End");
      field.pressSequentially("{{");
      Locator list = page.locator("[data-testid=data-suggestions] [role=listbox]");
      assertThat(list).isVisible();
      assertThat(list).hasAttribute("aria-label", Pattern.compile("Data from earlier steps.*"));
      assertThat(list.locator("[data-path='trigger.body.name']")).isVisible();
      assertThat(list.locator("[data-path='trigger.body']")).hasCount(1);
      assertThat(list.locator("[data-path='nodes[\"New lead\"]']")).hasCount(1);
      assertThat(list.locator("[data-path='contact.first_name']")).hasCount(1);
      assertThat(list.locator("[data-path='now()']")).hasCount(1);
      // the step after this one has not run yet when this one runs: it is not offered
      assertThat(list).not().containsText("Later step");
      assertThat(list).not().containsText("Greeting");
      browser.screenshot("01-suggestions-on-typing");

      // typing filters; the keyboard picks
      field.pressSequentially(" body.na");
      assertThat(list.locator("[role=option]").first()).hasAttribute("data-path", "trigger.body.name");
      assertThat(field).hasAttribute("aria-activedescendant", Pattern.compile(".+-o0"));
      browser.screenshot("02-filtered");
      field.press("Enter");
      assertThat(page.locator("[data-testid=data-suggestions]")).hasCount(0);
      assertThat(field).hasValue("Hi {{ trigger.body.name }}");

      // "Insert data" opens the same list with a filter of its own, and inserts at the cursor
      field.press("End");
      field.pressSequentially(", ");
      Locator insert = page.locator("#field-fields-0-value [data-testid=insert-data]");
      insert.focus();
      assertThat(insert).hasAttribute("aria-label", "Insert data from earlier steps into Value");
      insert.click();
      Locator filter = page.locator("[data-testid=data-suggestions] input");
      assertThat(filter).isFocused();
      filter.pressSequentially("phone");
      browser.screenshot("03-insert-data-button");
      page.locator("[data-testid=data-suggestions] [data-path='nodes[\"New lead\"].body.phone']").click();
      assertThat(field).hasValue("Hi {{ trigger.body.name }}, {{ nodes[\"New lead\"].body.phone }}");

      // clicked while the list opened by typing "{{" shows, "Insert data" opens its own, with a filter
      field.press("End");
      field.pressSequentially(" {{");
      assertThat(list).isVisible();
      insert.click();
      assertThat(filter).isFocused();
      page.waitForTimeout(300); // past the field's blur, which closed the list before
      assertThat(filter).isVisible();
      filter.press("Escape");
      assertThat(page.locator("[data-testid=data-suggestions]")).hasCount(0);
      field.press("End");
      for (int i = 0; i < 3; i++) {
        field.press("Backspace");
      }
      assertThat(field).hasValue("Hi {{ trigger.body.name }}, {{ nodes[\"New lead\"].body.phone }}");
      field.press("Tab");

      page.locator("#save").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 2");
      JsonNode saved = api.get("/api/v1/workflows/" + id, token).body().path("graph");
      assertThat(saved.path("nodes").get(1).path("config").path("fields").get(0).path("value").asString())
          .isEqualTo("Hi {{ trigger.body.name }}, {{ nodes[\"New lead\"].body.phone }}");

      // the inserted paths evaluate: a test run fills them in
      page.locator("#test-run").click();
      page.locator("#run-payload textarea").fill("{\"body\": {\"name\": \"Grace\", \"phone\": \"+15550002222\"}}");
      page.locator("#run-start").click();
      assertThat(page.locator("#run-status")).hasText("succeeded");
      select(page, "n2");
      assertThat(page.locator("#step-output")).containsText("Hi Grace, +15550002222");
      browser.screenshot("04-run-fills-them-in");

      // a step connected into the selected one is offered at once, without selecting the step again
      page.locator("[data-testid='palette-logic.set@1']").click();
      Locator added = page.locator("[data-testid=node-n4]");
      assertThat(added).isVisible();
      String addedName = added.getAttribute("data-node-name");
      select(page, "n2");
      added.locator(".react-flow__handle.source").dragTo(
          page.locator("[data-testid=node-n2] .react-flow__handle.target"));
      assertThat(page.locator(".react-flow__edge")).hasCount(3);
      field.click();
      field.press("End");
      field.pressSequentially(" {{");
      assertThat(list.locator("[data-path='nodes[\"" + addedName + "\"]']")).hasCount(1);
      field.press("Escape");
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  @Test
  void shouldOfferUnsavedChangesBackAfterTheSessionEnded() throws Exception {
    ApiClient api = api();
    String email = uniqueEmail("drafts");
    String token = api.signUpAndToken("Draft Bakery", email, PASSWORD);
    JsonNode graph = graph("""
        {'nodes': [
          {'id': 'n1', 'type': 'trigger.manual@1', 'name': 'Start', 'position': {'x': 0, 'y': 0}},
          {'id': 'n2', 'type': 'logic.set@1', 'name': 'Note it', 'position': {'x': 260, 'y': 0},
           'config': {'fields': [{'name': 'seen', 'value': 'yes'}]}}],
         'edges': [{'from': 'n1', 'to': 'n2'}]}""");
    ApiClient.Response created = api.post("/api/v1/workflows", Map.of("name", "Careful drafts", "graph", graph), token);
    assertThat(created.status()).isEqualTo(201);
    String id = created.text("workflowId");

    try (BrowserSession browser = new BrowserSession("editor-drafts", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      UiAccounts.signIn(page, email, PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      page.navigate(base + "/workflows/" + id);
      Locator nodes = page.locator(".react-flow__node");
      assertThat(nodes).hasCount(2);

      // edits: a renamed step (in the panel) and an added one (on the canvas)
      select(page, "n2");
      page.locator("#step-name input").fill("Note it carefully");
      page.locator("#step-name input").press("Tab");
      assertThat(page.locator("[data-testid=node-n2]")).containsText("Note it carefully");
      page.locator("[data-testid='palette-logic.delay@1']").click();
      assertThat(nodes).hasCount(3);
      assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
      browser.screenshot("01-unsaved-edits");

      // what the browser does next, printed if it does not reach the sign-in page
      List<String> trace = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
      page.onConsoleMessage(m -> trace.add("console " + m.type() + ": " + m.text()));
      page.onResponse(r -> trace.add("response " + r.status() + " " + r.request().method() + " " + r.url()));
      // the session ends on the server, as when it times out
      expireSession(page);
      // the next edit reaches a server that no longer knows the session: Vaadin reloads the page,
      // which goes to the sign-in page
      page.locator("[data-testid='palette-logic.condition@1']").click();
      try {
        try {
          page.waitForURL("**/login?expired", new Page.WaitForURLOptions().setTimeout(20_000));
        } catch (RuntimeException notYet) {
          // Vaadin's push connection sometimes reconnects first and the client learns of the ended
          // session only later; a person would reload the page, which must reach the sign-in page too
          trace.add("not redirected within 20 s: reloading");
          page.reload();
          page.waitForURL("**/login?expired", new Page.WaitForURLOptions().setTimeout(30_000));
        }
      } catch (RuntimeException e) {
        browser.screenshot("99-not-sent-to-sign-in");
        trace.forEach(line -> System.out.println("TRACE " + line));
        throw new AssertionError("Still at " + page.url() + " after the session ended", e);
      }
      assertThat(page.locator("#login-notice")).hasText("Your session ended. Sign in again to continue.");
      browser.screenshot("02-session-ended");

      UiAccounts.signIn(page, email, PASSWORD);
      // back where the session ended (Spring Security's saved request; it adds "?continue")
      try {
        page.waitForURL(Pattern.compile(".*/workflows/" + id + "(\\?.*)?$"));
      } catch (RuntimeException e) {
        browser.screenshot("99-after-sign-in");
        throw new AssertionError("Signed in again, but not back in the editor: " + page.url(), e);
      }
      assertThat(page.locator("#restore-draft")).containsText("Restore your unsaved changes from");
      assertThat(page.locator("#restore-draft")).containsText("made on version 1");
      assertThat(nodes).hasCount(2); // the saved version, until the person chooses
      page.waitForTimeout(300); // the dialog's opening animation
      browser.screenshot("03-restore-offered");
      page.locator("#restore-draft-button").click();

      assertThat(nodes).hasCount(4);
      assertThat(page.locator("[data-testid=node-n2]")).containsText("Note it carefully");
      assertThat(page.locator("#unsaved")).hasText("Unsaved changes");
      assertThat(page.locator("#workflow-version")).hasText("Version 1");
      browser.screenshot("04-restored");

      page.locator("#save").click();
      assertThat(page.locator("#workflow-version")).hasText("Version 2");
      JsonNode saved = api.get("/api/v1/workflows/" + id, token).body().path("graph");
      assertThat(saved.path("nodes")).hasSize(4);
      assertThat(saved.path("nodes").get(1).path("name").asString()).isEqualTo("Note it carefully");
      awaitNoDrafts(page);

      // reopened after the save: nothing to restore
      page.reload();
      assertThat(nodes).hasCount(4);
      page.waitForTimeout(500);
      assertThat(page.locator("#restore-draft")).hasCount(0);

      // an edit undone leaves a draft that is the saved workflow again: nothing to offer, and it is dropped
      page.locator("[data-testid='palette-logic.delay@1']").click();
      assertThat(nodes).hasCount(5);
      page.locator("[data-testid=canvas-undo]").click();
      assertThat(nodes).hasCount(4);
      page.reload();
      assertThat(nodes).hasCount(4);
      awaitNoDrafts(page);
      assertThat(page.locator("#restore-draft")).hasCount(0);

      // a draft left behind and discarded is gone
      page.locator("[data-testid='palette-logic.delay@1']").click();
      assertThat(nodes).hasCount(5);
      assertThat(drafts(page)).isEqualTo(1);
      page.reload();
      page.locator("#discard-draft").click();
      assertThat(page.locator("#restore-draft")).hasCount(0);
      assertThat(nodes).hasCount(4);
      awaitNoDrafts(page);
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  /** Ends the browser's session on the server, as the session timeout does. */
  private void expireSession(Page page) throws Exception {
    List<Cookie> cookies = page.context().cookies();
    String sessionId = cookies.stream().filter(c -> c.name.equals("JSESSIONID")).findFirst().orElseThrow().value;
    TomcatWebServer server = (TomcatWebServer) web.getWebServer();
    Context context = (Context) server.getTomcat().getHost().findChildren()[0];
    Session session = context.getManager().findSession(sessionId);
    assertThat(session).isNotNull();
    session.expire();
  }

  private static final String DRAFT_COUNT =
      "Object.keys(localStorage).filter(k => k.startsWith('switchboard.draft.')).length";

  private static int drafts(Page page) {
    return ((Number) page.evaluate("() => " + DRAFT_COUNT)).intValue();
  }

  /** The server's answer (which removes the draft) may still be on its way when the page looks done. */
  private static void awaitNoDrafts(Page page) {
    page.waitForFunction("() => " + DRAFT_COUNT + " === 0");
    assertThat(drafts(page)).isZero();
  }

  private static void select(Page page, String nodeId) {
    page.locator("[data-testid=node-" + nodeId + "]").click();
    assertThat(page.locator("#side-panel[data-node=" + nodeId + "]")).isVisible();
  }
}
