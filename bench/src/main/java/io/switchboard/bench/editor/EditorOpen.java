package io.switchboard.bench.editor;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * editor-open: a workflow of {@code bench.nodes} steps (a manual trigger and a chain of Set steps,
 * laid out in a grid) opened in the editor in Debian's Chromium, timed from navigation until the
 * canvas is interactive: every step on it drawn and measured, and its palette ready. One warm-up
 * opening, then {@code bench.runs} measured. Last line:
 * {@code editor-open: ms= ms_min= ms_max= ms_first= nodes= runs=}.
 */
public final class EditorOpen {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PASSWORD = "bench-editor-pass-1";

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  private EditorOpen(String base) {
    this.base = base;
  }

  public static void main(String[] args) throws Exception {
    String base = System.getProperty("bench.baseUrl", "http://127.0.0.1:18933");
    int nodes = Integer.getInteger("bench.nodes", 200);
    int runs = Integer.getInteger("bench.runs", 5);
    EditorOpen bench = new EditorOpen(base);
    String email = "editor-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
    String token = bench.signUp(email);
    String workflowId = bench.create(token, nodes);

    String chromium = System.getenv().getOrDefault("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium");
    try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(Path.of(chromium)).setHeadless(true)
          .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync")));
      BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
      Page page = context.newPage();
      page.setDefaultTimeout(60_000);
      page.navigate(base + "/login");
      page.locator("vaadin-login-form input[name='username']").fill(email);
      page.locator("vaadin-login-form input[name='password']").fill(PASSWORD);
      page.locator("vaadin-login-form vaadin-button").first().click();
      page.waitForSelector("#dashboard-heading");

      String address = base + "/workflows/" + workflowId;
      long first = open(page, address, nodes);
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        page.navigate(base + "/workflows");
        page.waitForSelector("#workflows-grid");
        times.add(open(page, address, nodes));
      }
      browser.close();
      Collections.sort(times);
      long median = times.get(times.size() / 2);
      System.err.println("editor-open: measured openings (ms): " + times);
      System.out.println("editor-open: ms=" + median + " ms_min=" + times.getFirst() + " ms_max=" + times.getLast()
          + " ms_first=" + first + " nodes=" + nodes + " runs=" + runs);
    }
  }

  /** Navigates to the editor and waits until every step is drawn and measured; returns the milliseconds. */
  private static long open(Page page, String address, int nodes) {
    long t0 = System.nanoTime();
    page.navigate(address);
    page.waitForFunction("n => document.querySelectorAll('.react-flow__node').length >= n"
        + " && !document.querySelector('.react-flow__node[style*=\"visibility: hidden\"]')"
        + " && !!document.querySelector('.sb-palette-item')", nodes);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private String signUp(String email) throws Exception {
    post("/api/v1/auth/signup", Map.of("companyName", "Editor Bench", "yourName", "Bench",
        "email", email, "password", PASSWORD, "timezone", "UTC"), null, 201);
    JsonNode token = post("/api/v1/auth/token", Map.of("email", email, "password", PASSWORD), null, 200);
    return token.path("token").asString();
  }

  /** A manual trigger and a chain of Set steps, 20 to a row. */
  private String create(String token, int count) throws Exception {
    ObjectNode graph = JSON.createObjectNode().put("schemaVersion", 1);
    ArrayNode nodes = graph.putArray("nodes");
    ArrayNode edges = graph.putArray("edges");
    for (int i = 1; i <= count; i++) {
      ObjectNode n = nodes.addObject().put("id", "n" + i).put("name", "Step " + i)
          .put("type", i == 1 ? "trigger.manual@1" : "logic.set@1");
      n.putObject("position").put("x", ((i - 1) % 20) * 260).put("y", ((i - 1) / 20) * 140);
      if (i > 1) {
        n.putObject("config").putArray("fields").addObject().put("name", "f" + i).put("value", "{{ trigger.body.x }}");
        edges.addObject().put("from", "n" + (i - 1)).put("to", "n" + i);
      }
    }
    JsonNode created = post("/api/v1/workflows", Map.of("name", "Two hundred steps", "graph", graph), token, 201);
    return created.path("workflowId").asString();
  }

  private JsonNode post(String path, Object body, String token, int expected) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
