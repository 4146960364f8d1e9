package io.switchboard.app.ui;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.switchboard.app.support.ApiClient;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import io.switchboard.app.support.QuickRun;
import io.switchboard.app.support.UiAccounts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings, usage and audit pages in Chromium at 1280×800: an owner sets business hours (a closing
 * time before the opening one is refused on the field), switches a feature off, sees a feature the
 * platform decides as read-only with the reason, reads the plan's usage with a run counted, finds
 * the settings changes in the audit log, filters it and downloads it as CSV. A member sees settings
 * read-only and no audit log.
 */
class SettingsUsageAuditUiIT extends IntegrationTestBase {

  private static final String PASSWORD = "settings-usage-42";
  private static final String FORCED_FLAG = "appointment_reminders";

  @Test
  void shouldSetHoursFlipAFeatureAndShowUsageAndTheAuditLog() throws IOException {
    ApiClient api = api();
    String email = uniqueEmail("settings-owner");
    String admin = api.token(ADMIN_EMAIL, ADMIN_PASSWORD);
    JsonNode forcedBefore = api.get("/api/v1/admin/flags/" + FORCED_FLAG, admin).body();
    try (BrowserSession browser = new BrowserSession("settings-usage-audit", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;
      UiAccounts.signUp(page, base, "Seaside Clinic", email, PASSWORD);
      UiAccounts.signIn(page, email, PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      String owner = api.token(email, PASSWORD);
      String tenantId = api.get("/api/v1/tenant", owner).text("id");
      // the platform keeps one workspace-settable feature off for this workspace only
      List<String> deny = new ArrayList<>();
      forcedBefore.path("denyTenants").forEach(t -> deny.add(t.asString()));
      deny.add(tenantId);
      assertThat(api.send("PUT", "/api/v1/admin/flags/" + FORCED_FLAG, Map.of("denyTenants", deny), admin).status())
          .isEqualTo(200);

      // business hours: the usual ones first, a closing time before opening refused on its field, then saved
      page.locator("#nav-settings").click();
      page.waitForURL("**/settings");
      assertThat(page.locator("#business-opens input")).hasValue("09:00");
      assertThat(page.locator("#business-closes input")).hasValue("17:00");
      assertThat(page.locator("#business-hours-note")).containsText("nobody has changed them yet");
      page.locator("#business-days vaadin-checkbox", new Page.LocatorOptions().setHasText("Saturday")).click();
      page.locator("#business-closes input").fill("08:00");
      page.locator("#business-closes input").press("Tab");
      page.locator("#save-business-hours").click();
      assertThat(page.locator("#business-closes")).hasAttribute("invalid", "");
      assertThat(page.locator("#business-closes")).containsText("must be later than the opening time (09:00)");
      browser.screenshot("01-hours-refused");
      page.locator("#business-closes input").fill("18:30");
      page.locator("#business-closes input").press("Tab");
      page.locator("#save-business-hours").click();
      // a notification lasts 4 s and the newest is not always the last card: look for the one with the text
      assertThat(page.locator("vaadin-notification-card", new Page.LocatorOptions()
          .setHasText("Business hours saved: Mon, Tue, Wed, Thu, Fri, Sat, 09:00 to 18:30"))).not().hasCount(0);
      assertThat(page.locator("#business-closes")).not().hasAttribute("invalid", "");
      JsonNode hours = api.get("/api/v1/tenant", owner).body().path("businessHours");
      assertThat(hours.path("closes").asString()).isEqualTo("18:30");
      assertThat(hours.path("days").toString()).contains("saturday");
      assertThat(hours.path("standard").asBoolean()).isFalse();

      // Saturday keeps shorter hours of its own: offered first as the last open day, checked on its own fields
      page.locator("#add-day-hours").click();
      assertThat(page.locator("#day-0")).containsText("Saturday");
      typeTime(page, "#day-opens-0", "14:00");
      typeTime(page, "#day-closes-0", "10:00");
      page.locator("#save-business-hours").click();
      assertThat(page.locator("#day-closes-0")).hasAttribute("invalid", "");
      assertThat(page.locator("#day-closes-0")).containsText("Saturday: The closing time (10:00) must be later");
      typeTime(page, "#day-opens-0", "10:00");
      typeTime(page, "#day-closes-0", "14:00");
      page.locator("#save-business-hours").click();
      assertThat(page.locator("vaadin-notification-card", new Page.LocatorOptions()
          .setHasText("09:00 to 18:30; Sat 10:00 to 14:00."))).not().hasCount(0);
      page.waitForTimeout(300);
      browser.screenshot("01b-saturday-hours");
      JsonNode saturday = api.get("/api/v1/tenant", owner).body().path("businessHours").path("byDay").path("saturday");
      assertThat(saturday.path("opens").asString()).isEqualTo("10:00");
      assertThat(saturday.path("closes").asString()).isEqualTo("14:00");

      // features: SMS follow-ups switched off; the one the platform keeps off cannot be switched, and says why
      Locator sms = page.locator("#feature-sms_followup");
      assertThat(sms).hasAttribute("checked", "");
      sms.click();
      assertThat(page.locator("#feature-reason-sms_followup")).containsText("Off. A workspace administrator switched");
      assertThat(page.locator("vaadin-notification-card", new Page.LocatorOptions().setHasText("is now off")))
          .not().hasCount(0);
      assertThat(page.locator("#feature-reason-sms_followup")).containsText("A workspace administrator switched this feature off.");
      assertThat(page.locator("#feature-" + FORCED_FLAG)).hasAttribute("readonly", "");
      assertThat(page.locator("#feature-reason-" + FORCED_FLAG))
          .containsText("The platform decides this, so it cannot be changed here: The platform has switched this feature off for this workspace.");
      page.locator("#features").scrollIntoViewIfNeeded();
      browser.screenshot("02-settings-hours-and-features");
      JsonNode flag = null;
      for (JsonNode f : api.get("/api/v1/flags", owner).body()) {
        if (f.path("key").asString().equals("sms_followup")) {
          flag = f;
        }
      }
      assertThat(flag).isNotNull();
      assertThat(flag.path("enabled").asBoolean()).isFalse();
      assertThat(flag.path("source").asString()).isEqualTo("workspace");

      // usage: the plan and period, a run counted against the month's allowance, the owner's seat
      String colleague = uniqueEmail("settings-member");
      assertThat(api.post("/api/v1/users", Map.of("email", colleague, "role", "member", "password", PASSWORD), owner)
          .status()).isEqualTo(201);
      QuickRun.runAndAwait(api, owner, "Counted run");
      page.locator("#nav-usage").click();
      page.waitForURL("**/usage");
      assertThat(page.locator("#usage-plan")).containsText("Trial plan · billing period");
      assertThat(page.locator("#usage-executions_per_month")).containsText("1 of 1,000");
      assertThat(page.locator("#usage-executions_per_month vaadin-progress-bar")).hasAttribute("aria-labelledby",
          "usage-label-executions_per_month");
      assertThat(page.locator("#usage-seats")).containsText("2 of 2");
      assertThat(page.locator("#usage-active_workflows")).containsText("0 of 3");
      assertThat(page.locator("#usage-llm_tokens_per_day")).containsText("of 50,000");
      assertThat(page.locator("#usage-kb_mb")).containsText("0 KB of 10.0 MB");
      assertThat(page.locator("#usage-channels-empty")).isVisible();
      browser.screenshot("03-usage");

      // the audit log: the changes just made, by whom; filtered by action; the whole log as CSV
      page.locator("#nav-audit").click();
      page.waitForURL("**/audit");
      Locator grid = page.locator("#audit-grid");
      assertThat(grid).containsText("tenant.business_hours_changed");
      assertThat(grid).containsText("feature_flag.set");
      assertThat(grid).containsText("\"closes\":\"18:30\"");
      assertThat(grid).containsText(email);
      browser.screenshot("04-audit");
      page.locator("#audit-action input").fill("feature_flag.set");
      page.locator("vaadin-combo-box-item", new Page.LocatorOptions().setHasText("feature_flag.set")).first().click();
      assertThat(page.locator("#audit-summary")).hasText("1 entry.");
      assertThat(grid.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
          .setHasText("tenant.business_hours_changed")).first()).isHidden();
      browser.screenshot("05-audit-filtered");
      Download download = page.waitForDownload(() -> page.locator("#audit-download vaadin-button").click());
      assertThat(download.suggestedFilename()).isEqualTo("audit-log.csv");
      String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
      assertThat(csv).startsWith("at,actor_email,action,target_type,target_id,details,request_id\n");
      assertThat(csv).contains("\"tenant.business_hours_changed\"", "\"feature_flag.set\"", "\"user.added\"", email);
      assertThat(browser.consoleErrors).isEmpty();

      // a member: everything read-only, no audit log
      page.locator("#sign-out").click();
      page.waitForURL("**/login?logout");
      UiAccounts.signIn(page, colleague, PASSWORD);
      assertThat(page.locator("#dashboard-heading")).isVisible();
      assertThat(page.locator("#nav-audit")).hasCount(0);
      page.locator("#nav-settings").click();
      page.waitForURL("**/settings");
      assertThat(page.locator("#business-closes input")).hasValue("18:30");
      assertThat(page.locator("#business-closes")).hasAttribute("readonly", "");
      assertThat(page.locator("#save-business-hours")).isHidden();
      assertThat(page.locator("#feature-sms_followup")).hasAttribute("readonly", "");
      browser.screenshot("06-member-settings");
      page.navigate(base + "/audit");
      assertThat(page.locator("body")).containsText("Could not navigate");
      assertThat(page.locator("#audit-grid")).hasCount(0);
      assertThat(page.locator("body")).not().containsText("tenant.business_hours_changed");
      browser.screenshot("07-member-audit-refused");
    } finally {
      List<String> restored = new ArrayList<>();
      forcedBefore.path("denyTenants").forEach(t -> restored.add(t.asString()));
      api.send("PUT", "/api/v1/admin/flags/" + FORCED_FLAG, Map.of("denyTenants", restored), admin);
    }
  }

  private static void typeTime(Page page, String picker, String time) {
    page.locator(picker + " input").fill(time);
    page.locator(picker + " input").press("Tab");
  }
}
