package io.switchboard.app.ui;

import com.microsoft.playwright.Page;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.UiAccounts;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in Chromium: the platform's revenue figures and a paying workspace's MRR and payments
 * in its row; the AI settings tab saving a default model whose key the page never shows again, and
 * the global prompt with its version.
 */
class ConsoleRevenueAndAiSettingsUiIT extends IntegrationTestBase {

  private static final String UI_KEY = "sk-ui-secret-8080";

  @Test
  void shouldShowRevenueAndSaveTheDefaultModelAndGlobalPromptInTheConsole() throws Exception {
    ApiClient api = api();
    String owner = api.signUpAndToken("Revenue Bakery", uniqueEmail("revenue-bakery"), "revenue-bakery-42");
    ApiClient.Response checkout = api.post("/api/v1/billing/checkout", Map.of("plan", "starter"), owner);
    assertThat(checkout.status()).isEqualTo(200);
    HttpResponse<String> paid = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + URI.create(checkout.text("url")).getRawPath())).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(paid.statusCode()).isEqualTo(303);
    // past the trial: the first month is paid
    assertThat(api.post("/api/v1/sandbox/simulate/stripe-event", Map.of("type", "invoice_paid"), owner).status()).isEqualTo(200);
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);

    try (BrowserSession browser = new BrowserSession("console-revenue-ai", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      UiAccounts.signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      page.locator("#nav-console").click();
      page.waitForURL("**/console");
      assertThat(page.locator("#revenue-mrr")).containsText("$");
      assertThat(page.locator("#revenue-tenants")).containsText("active");
      page.locator("#tenants-search input").fill("revenue bakery");
      assertThat(page.locator("#tenants-grid")).containsText("Revenue Bakery");
      assertThat(page.locator("#tenants-grid")).containsText("$49.00 MRR");
      assertThat(page.locator("#tenants-grid")).containsText("paid $49.00 this month · $49.00 in all");
      page.waitForTimeout(500); // the search narrows the list as it is typed
      browser.screenshot("01-revenue");

      page.locator("vaadin-tab").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("AI settings")).click();
      assertThat(page.locator("#ai-source")).containsText("sandbox");
      page.locator("#ai-provider").click();
      page.locator("vaadin-select-item").filter(new com.microsoft.playwright.Locator.FilterOptions().setHasText("Anthropic"))
          .click();
      page.locator("#ai-model input").fill("claude-3-5-haiku-latest");
      page.locator("#ai-api-key input").fill(UI_KEY);
      page.locator("#ai-save-model").click();
      assertThat(page.locator("#ai-source")).containsText("the model saved here");
      assertThat(page.locator("#ai-api-key input")).hasValue("");
      assertThat(page.locator("#ai-api-key input")).hasAttribute("placeholder", "A key is stored; leave empty to keep it");
      assertThat(page.locator("body")).not().containsText(UI_KEY);
      assertThat(page.content()).doesNotContain(UI_KEY);
      page.waitForTimeout(300); // the notification's animation
      browser.screenshot("02-default-model-saved");

      page.locator("#ai-global-prompt textarea").fill("Always be polite. Never discuss prices of competitors.");
      page.locator("#ai-save-prompt").click();
      assertThat(page.locator("#ai-global-prompt-version")).containsText("Version");
      page.waitForTimeout(300); // the notification's animation
      browser.screenshot("03-global-prompt-saved");

      // what the page saved, as the API reads it back (never with the key)
      tools.jackson.databind.JsonNode settings = api.get("/api/v1/admin/ai-settings", admin).body();
      assertThat(settings.path("provider").asString()).isEqualTo("anthropic");
      assertThat(settings.path("model").asString()).isEqualTo("claude-3-5-haiku-latest");
      assertThat(settings.path("apiKeySet").asBoolean()).isTrue();
      assertThat(settings.path("preamble").asString()).startsWith("Always be polite.");
      assertThat(settings.toString()).doesNotContain(UI_KEY);

      // a knowledge-base document re-indexed from its row
      String kb = api.post("/api/v1/knowledge-bases", Map.of("name", "Console FAQ"), admin).text("id");
      HttpResponse<String> uploaded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
              + "/api/v1/knowledge-bases/" + kb + "/documents?fileName=faq.md"))
          .header("Authorization", "Bearer " + admin).header("Content-Type", "application/octet-stream")
          .POST(HttpRequest.BodyPublishers.ofString("# Hours\n\nOpen every weekday from nine to five.\n")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(uploaded.statusCode()).isEqualTo(202);
      String document = ApiClient.JSON.readTree(uploaded.body()).path("id").asString();
      // the first embedding loads the model: give indexing a minute
      String firstIndexed = io.switchboard.app.support.Await.until("the document indexed", java.time.Duration.ofSeconds(60),
          () -> api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + document, admin).body(),
          d -> d.path("status").asString().equals("indexed")).path("indexedAt").asString();
      page.navigate(base + "/knowledge-bases");
      assertThat(page.locator("#documents-grid")).containsText("Indexed");
      page.locator("#documents-grid vaadin-button[aria-label='Re-index faq.md']").click();
      assertThat(page.locator("vaadin-notification-card").last()).containsText("being indexed again");
      assertThat(page.locator("#documents-grid")).containsText("Indexed",
          new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
      browser.screenshot("04-document-reindexed");
      io.switchboard.app.support.Await.until("the document was indexed again",
          () -> api.get("/api/v1/knowledge-bases/" + kb + "/documents/" + document, admin).body(),
          d -> d.path("status").asString().equals("indexed") && !d.path("indexedAt").asString().equals(firstIndexed));
      assertThat(api.get("/api/v1/audit-log", admin).body().toString()).contains("knowledge_base.document_reindexed");
      assertThat(browser.consoleErrors).isEmpty();
    } finally {
      api.delete("/api/v1/admin/ai-settings/model", admin);
      api.send("PUT", "/api/v1/admin/ai-settings/global-prompt", Map.of("text", ""), admin);
    }
  }
}
