package io.switchboard.app.ui;

import com.microsoft.playwright.Page;
import io.switchboard.app.support.BrowserSession;
import io.switchboard.app.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** What a person does first: create a workspace, sign in, sign out, mistype a password. */
class SignUpAndSignInUiIT extends IntegrationTestBase {

  @Test
  void shouldSignUpSignInAndSignOutInTheBrowser() {
    String email = uniqueEmail("browser");
    String password = "browser-pass-42";
    try (BrowserSession browser = new BrowserSession("sign-up-and-in", 1280, 800)) {
      Page page = browser.page;
      String base = "http://127.0.0.1:" + port;

      page.navigate(base + "/");
      page.waitForURL("**/login");
      assertThat(page.locator("vaadin-login-form")).isVisible();
      browser.screenshot("01-login");

      page.locator("#signup-link").click();
      page.waitForURL("**/signup");
      page.locator("#signup-company input").fill("Bright Smiles Dental");
      page.locator("#signup-name input").fill("Dana Owner");
      page.locator("#signup-email input").fill(email);
      page.locator("#signup-password input").fill("short");
      page.locator("#signup-submit").click();
      assertThat(page.locator("#signup-error")).containsText("at least 10 characters");
      browser.screenshot("02-signup-weak-password");

      page.locator("#signup-password input").fill(password);
      page.locator("#signup-submit").click();
      page.waitForURL("**/login?registered");
      assertThat(page.locator("#login-notice")).containsText("Your workspace is ready");
      browser.screenshot("03-registered");

      signIn(page, email, "not-the-password");
      assertThat(page.locator("vaadin-login-form")).containsText("Wrong e-mail or password.");
      browser.screenshot("04-wrong-password");

      signIn(page, email, password);
      assertThat(page.locator("#dashboard-heading")).hasText("Welcome to Bright Smiles Dental");
      assertThat(page.locator("#current-user")).containsText(email);
      browser.screenshot("05-dashboard");

      page.locator("#sign-out").click();
      page.waitForURL("**/login?logout");
      assertThat(page.locator("#login-notice")).containsText("signed out");
      browser.screenshot("06-signed-out");

      page.navigate(base + "/");
      page.waitForURL("**/login");
      assertThat(browser.consoleErrors).isEmpty();
    }
  }

  private static void signIn(Page page, String email, String password) {
    page.locator("vaadin-login-form input[name='username']").fill(email);
    page.locator("vaadin-login-form input[name='password']").fill(password);
    page.locator("vaadin-login-form vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
  }
}
