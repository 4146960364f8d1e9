package io.switchboard.app.support;

import com.microsoft.playwright.Page;

/** Signing up and in through the browser, as the UI tests start. */
public final class UiAccounts {

  private UiAccounts() {}

  /** Creates a workspace on the sign-up page and waits for the sign-in page that follows. */
  public static void signUp(Page page, String base, String company, String email, String password) {
    page.navigate(base + "/signup");
    page.locator("#signup-company input").fill(company);
    page.locator("#signup-name input").fill("Dana Owner");
    page.locator("#signup-email input").fill(email);
    page.locator("#signup-password input").fill(password);
    page.locator("#signup-submit").click();
    page.waitForURL("**/login?registered");
  }

  /** Fills and submits the sign-in form on the page showing it. */
  public static void signIn(Page page, String email, String password) {
    page.locator("vaadin-login-form input[name='username']").fill(email);
    page.locator("vaadin-login-form input[name='password']").fill(password);
    page.locator("vaadin-login-form vaadin-button[slot='submit'], vaadin-login-form vaadin-button").first().click();
  }
}
