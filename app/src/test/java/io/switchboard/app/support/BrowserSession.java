package io.switchboard.app.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright (no browser download), with screenshots kept under
 * {@code target/screenshots} and console errors collected so tests can insist there are none.
 */
public final class BrowserSession implements AutoCloseable {

  private final Playwright playwright;
  private final Browser browser;
  private final BrowserContext context;
  private final Path screenshots;
  public final Page page;
  public final List<String> consoleErrors = new ArrayList<>();

  public BrowserSession(String testName, int width, int height) {
    String chromium = System.getenv().getOrDefault("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium");
    if (!Files.isExecutable(Path.of(chromium))) {
      throw new IllegalStateException("Chromium not found at " + chromium
          + "; run the tests with ./switchboard test, which installs it, or set SWITCHBOARD_CHROMIUM.");
    }
    try {
      screenshots = Files.createDirectories(Path.of("target", "screenshots", testName));
      playwright = Playwright.create(new Playwright.CreateOptions()
          .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
      browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(Path.of(chromium))
          .setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(width, height));
    page = context.newPage();
    page.setDefaultTimeout(20_000);
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) {
        consoleErrors.add(m.text());
      }
    });
  }

  public void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(screenshots.resolve(name + ".png")).setFullPage(true));
  }

  @Override
  public void close() {
    context.close();
    browser.close();
    playwright.close();
  }
}
