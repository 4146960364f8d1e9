package io.switchboard.app.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A two-step workflow (manual start, set a field) created and run once through the API, awaited until it succeeded. */
public final class QuickRun {

  private QuickRun() {}

  /** The execution's id, once it has succeeded (or after 20 s, for the caller's assertions to report). */
  public static String runAndAwait(ApiClient api, String token, String workflowName) {
    Map<String, Object> graph = Map.of("schemaVersion", 1, "nodes", List.of(
            Map.of("id", "n1", "type", "trigger.manual@1", "name", "Start", "position", Map.of("x", 0, "y", 0)),
            Map.of("id", "n2", "type", "logic.set@1", "name", "Note", "position", Map.of("x", 260, "y", 0),
                "config", Map.of("fields", List.of(Map.of("name", "done", "value", "yes"))))),
        "edges", List.of(Map.of("from", "n1", "to", "n2")));
    String workflow = api.post("/api/v1/workflows", Map.of("name", workflowName, "graph", graph), token).text("workflowId");
    String run = api.post("/api/v1/workflows/" + workflow + "/run", Map.of("payload", Map.of()), token).text("id");
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!api.get("/api/v1/executions/" + run, token).body().path("summary").path("status").asString().equals("succeeded")
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return run;
  }
}
