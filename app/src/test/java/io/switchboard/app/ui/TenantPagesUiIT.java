package io.switchboard.app.ui;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.QuickRun;
import io.switchboard.app.support.UiAccounts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant pages in Chromium: a credential whose secret never comes back, tested in words; a
 * sandbox number; a template used from the gallery, landing in its editor; a knowledge-base file
 * indexed into chunks; an inbound SMS on the contact's timeline; the dashboard's charts; the
 * platform console for the superadmin and not for anyone else.
 */
class TenantPagesUiIT extends IntegrationTestBase {

  private static final String PASSWORD = "tenant-pages-42";

  @Test
  void shouldManageCredentialsTemplatesKnowledgeContactsAndChartsInTheBrowser() {
    String email = uniqueEmail("pages");
    String secret = "tok-" + UUID.randomUUID().toString().replace("-", "");
    String number = "+1555" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    try (BrowserSession browser = new BrowserSession("tenant-pages", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      signUp(page, base, "Lakeside Physio", email);
      signIn(page, email);
      assertThat(page.locator("#dashboard-heading")).hasText("Welcome to Lakeside Physio");

      // a credential: saved, listed by name and fields, its secret nowhere in the page
      page.locator("#nav-credentials").click();
      page.waitForURL("**/credentials");
      assertThat(page.locator("#credentials-empty")).isVisible();
      page.locator("#add-credential").click();
      assertThat(page.locator("#credential-field-accountSid")).isVisible();
      page.locator("#credential-name input").fill("Main Twilio");
      page.locator("#credential-field-accountSid input").fill("AC00000000000000000000000000000000");
      page.locator("#credential-field-authToken input").fill(secret);
      browser.screenshot("01-credential-form");
      page.locator("#save-credential").click();
      assertThat(page.locator("#credentials-grid")).containsText("Main Twilio");
      assertThat(page.locator("#credentials-grid")).containsText("accountSid, authToken");
      assertThat(page.locator("#add-credential-dialog")).hasCount(0);
      assertThat(page.content()).doesNotContain(secret);
      page.reload();
      assertThat(page.locator("#credentials-grid")).containsText("Main Twilio");
      assertThat(page.content()).doesNotContain(secret);
      browser.screenshot("02-credential-saved");

      page.locator("#credentials-grid vaadin-button[data-action=test]").click();
      assertThat(page.locator("#credential-test-result")).containsText("Did not work");
      assertThat(page.locator("#credential-test-result")).containsText("Main Twilio");
      assertThat(page.locator("#credential-test-result")).not().containsText(secret);
      browser.screenshot("03-credential-tested");

      // a sandbox number for the template and the simulated SMS
      page.locator("#nav-numbers").click();
      page.waitForURL("**/phone-numbers");
      page.locator("#attach-number").click();
      page.locator("#new-number input").fill(number);
      page.locator("#save-number").click();
      assertThat(page.locator("#numbers-grid")).containsText(number);
      browser.screenshot("04-number");

      // the gallery: preview on the canvas, a missing input explained, then the workflow in its editor
      page.locator("#nav-templates").click();
      page.waitForURL("**/templates");
      Locator card = page.locator(".sb-template-card[data-template='Post-call follow-up']");
      card.locator("vaadin-button[data-action=preview]").click();
      assertThat(page.locator("#template-preview [data-testid=canvas]")).isVisible();
      assertThat(page.locator("#template-preview .react-flow__node").first()).isVisible();
      page.waitForTimeout(300); // the dialog's opening animation
      browser.screenshot("05-template-preview");
      page.locator("#template-preview-use").click();
      assertThat(page.locator("#template-preview")).hasCount(0);
      assertThat(page.locator("#template-input-number")).containsText(number);
      page.locator("#create-from-template").click();
      assertThat(page.locator("#template-problems")).containsText("Cal.com");
      browser.screenshot("06-template-missing-input");
      page.locator("#template-input-bookingLink input").fill("https://cal.com/lakeside/30min");
      page.locator("#create-from-template").click();
      page.waitForURL(Pattern.compile(".*/workflows/[0-9a-f-]{36}$"));
      assertThat(page.locator("#workflow-name")).hasText("Post-call follow-up");
      assertThat(page.locator("[data-testid=canvas] .react-flow__node").first()).isVisible();
      browser.screenshot("07-template-in-editor");

      // a knowledge base: a small file uploaded and indexed into chunks
      page.navigate(base + "/knowledge-bases"); // the editor hides the navigation
      page.locator("#new-knowledge-base").click();
      page.locator("#knowledge-base-name input").fill("Clinic FAQ");
      page.locator("#create-knowledge-base").click();
      page.locator("#kb-upload input[type=file]").setInputFiles(new FilePayload("opening-hours.md", "text/markdown",
          ("# Opening hours\n\nWe are open Monday to Friday from 8:00 to 18:00 and on Saturday from 9:00 to 13:00.\n\n"
              + "# Prices\n\nA first assessment costs 60 dollars; a follow-up session costs 45 dollars.\n")
              .getBytes(StandardCharsets.UTF_8)));
      assertThat(page.locator("#documents-grid")).containsText("opening-hours.md");
      // the first embedding loads the model: give indexing a minute, as KnowledgeBasesApiIT does
      assertThat(page.locator("#documents-grid")).containsText("Indexed",
          new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
      String chunks = page.locator("#documents-grid vaadin-grid-cell-content").filter(
          new Locator.FilterOptions().setHasText(Pattern.compile("^[1-9][0-9]*$"))).first().textContent().strip();
      assertThat(Integer.parseInt(chunks)).isPositive();
      browser.screenshot("08-knowledge-base-indexed");

      // an inbound SMS, simulated, on the new contact's timeline
      page.locator("#nav-sandbox").click();
      page.waitForURL("**/sandbox");
      page.locator("#sms-from input").fill("+15557654321");
      page.locator("#sms-body textarea").fill("Do you have a slot on Friday?");
      page.locator("#simulate-sms").click();
      assertThat(page.locator("vaadin-notification-card").last()).containsText("Sent");
      browser.screenshot("09-sandbox-sms");
      page.locator("#nav-contacts").click();
      page.waitForURL("**/contacts");
      page.locator("#contact-search input").fill("7654321");
      page.locator("#contacts-grid vaadin-grid-cell-content", new Page.LocatorOptions().setHasText("+15557654321")).first().click();
      assertThat(page.locator("#contact-timeline")).containsText("Do you have a slot on Friday?");
      browser.screenshot("10-contact-timeline");

      // the dashboard draws its charts, with the runs of the day
      ApiClient api = api();
      String token = api.token(email, PASSWORD);
      QuickRun.runAndAwait(api, token, "Quick note");
      page.locator("[href='']").first().click();
      page.waitForURL(base + "/");
      assertThat(page.locator("#dashboard-summary")).hasText("1 run in the last 14 days.");
      for (String chart : List.of("chart-executions", "chart-messages", "chart-tokens", "chart-failing")) {
        assertThat(page.locator("#" + chart + "[data-drawn=true] svg")).hasCount(1);
      }
      assertThat(page.locator("#chart-executions svg path").first()).isAttached();
      assertThat(page.locator("#chart-executions")).hasAttribute("aria-label", "Executions per day: 1 succeeded in 14 days");
      browser.screenshot("11-dashboard");

      // settings: someone added as admin, made a member, removed
      String colleague = uniqueEmail("colleague");
      page.locator("#nav-settings").click();
      page.waitForURL("**/settings");
      assertThat(page.locator("#members-grid")).containsText(email);
      page.locator("#settings-timezone input").fill("Europe/Lisbon");
      page.locator("vaadin-combo-box-item", new Page.LocatorOptions().setHasText("Europe/Lisbon")).first().click();
      page.locator("#save-timezone").click();
      assertThat(page.locator("vaadin-notification-card").last()).containsText("time zone is now Europe/Lisbon");
      page.locator("#add-member").click();
      page.locator("#member-email input").fill(colleague);
      page.locator("#member-role").click();
      page.locator("vaadin-select-item", new Page.LocatorOptions().setHasText("admin")).click();
      page.locator("#member-password input").fill("colleague-pass-42");
      page.locator("#save-member").click();
      assertThat(page.locator("#members-grid")).containsText(colleague);
      page.locator("#members-grid vaadin-select[data-member='" + colleague + "']").click();
      page.locator("vaadin-select-item", new Page.LocatorOptions().setHasText("member")).last().click();
      assertThat(page.locator("vaadin-notification-card").last()).containsText("is now member");
      browser.screenshot("12-settings");
      page.locator("#members-grid vaadin-button[aria-label='Remove " + colleague + "']").click();
      page.locator("#confirm-remove-member").click();
      // the grid keeps reused rows in the page, hidden: what counts is that none shows the colleague
      assertThat(page.locator("#members-grid vaadin-grid-cell-content").filter(
          new Locator.FilterOptions().setHasText(colleague)).first()).isHidden();
      assertThat(api.get("/api/v1/users", token).body().toString()).doesNotContain(colleague);

      // tablet width: the pages reflow and stay usable
      page.setViewportSize(768, 1024);
      page.navigate(base + "/credentials");
      assertThat(page.locator("#credentials-grid")).containsText("Main Twilio");
      assertThat(page.locator("#add-credential")).isVisible();
      browser.screenshot("13-tablet-credentials");
      page.navigate(base + "/");
      assertThat(page.locator("#chart-executions[data-drawn=true] svg")).hasCount(1);
      browser.screenshot("14-tablet-dashboard");
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  @Test
  void shouldShowTheConsoleToTheSuperadminOnly() {
    ApiClient api = api();
    String email = uniqueEmail("not-admin");
    String bakery = api.signUpAndToken("Ordinary Bakery", email, PASSWORD);
    try (BrowserSession browser = new BrowserSession("platform-console", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      page.navigate(base + "/login");
      signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      page.locator("#nav-console").click();
      page.waitForURL("**/console");
      page.locator("#tenants-search input").fill("ordinary bak");
      assertThat(page.locator("#tenants-grid")).containsText("Ordinary Bakery");
      browser.screenshot("01-console");

      // a look at the bakery's workflows is noted in the bakery's audit log
      Locator row = page.locator("#tenants-grid vaadin-grid-cell-content").filter(
          new Locator.FilterOptions().setHasText("Ordinary Bakery"));
      assertThat(row).hasCount(1);
      page.locator("#tenants-grid vaadin-button[aria-label='See the workflows and executions of Ordinary Bakery']").click();
      assertThat(page.locator("#workspace-dialog")).containsText("read-only");
      page.waitForTimeout(300); // the dialog's opening animation
      browser.screenshot("02-workspace-read-only");
      page.keyboard().press("Escape");
      assertThat(api.get("/api/v1/audit-log", bakery).body().toString()).contains("platform.workflows_viewed");

      // suspended, the bakery's API token is refused; reactivated, it works again
      page.locator("#tenants-grid vaadin-button[aria-label='Suspend Ordinary Bakery']").click();
      assertThat(page.locator("#tenants-grid vaadin-button[aria-label='Reactivate Ordinary Bakery']")).isVisible();
      assertThat(api.get("/api/v1/workflows", bakery).status()).isEqualTo(403);
      browser.screenshot("03-suspended");
      page.locator("#tenants-grid vaadin-button[aria-label='Reactivate Ordinary Bakery']").click();
      assertThat(page.locator("#tenants-grid vaadin-button[aria-label='Suspend Ordinary Bakery']")).isVisible();
      assertThat(api.get("/api/v1/workflows", bakery).status()).isEqualTo(200);
      page.locator("#sign-out").click();
      page.waitForURL("**/login?logout");

      signIn(page, email, PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      assertThat(page.locator("#nav-console")).hasCount(0);
      page.navigate(base + "/console");
      assertThat(page.locator("body")).containsText("Could not navigate");
      assertThat(page.locator("#tenants-grid")).hasCount(0);
      assertThat(page.locator("body")).not().containsText("Ordinary Bakery");
      browser.screenshot("04-console-refused");
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  private static void signUp(Page page, String base, String company, String email) {
    UiAccounts.signUp(page, base, company, email, PASSWORD);
  }

  private static void signIn(Page page, String email) {
    UiAccounts.signIn(page, email, PASSWORD);
  }

  private static void signIn(Page page, String email, String password) {
    UiAccounts.signIn(page, email, password);
  }
}
