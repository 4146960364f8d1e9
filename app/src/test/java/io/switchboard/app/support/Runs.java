package io.switchboard.app.support;

import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/** One workflow's runs as the executions API shows them. */
public final class Runs {

  private static final Set<String> SETTLED = Set.of("waiting", "succeeded", "failed", "cancelled");

  private Runs() {
  }

  public static List<JsonNode> of(ApiClient api, String token, String workflowId) {
    return StreamSupport.stream(api.get("/api/v1/executions?workflowId=" + workflowId, token).body().spliterator(), false)
        .toList();
  }

  /**
   * Waits until no run of the workflow is queued or running and every waiting run waits for a moment
   * after {@code now}. A test may move the clock on only then: a run still between sending a message
   * and parking its wait would otherwise compute its due time from the moved clock and sleep past the
   * moment the test waits for.
   */
  public static void awaitParked(ApiClient api, String token, String workflowId, Instant now) {
    Await.until("the runs of " + workflowId + " parked after " + now, () -> of(api, token, workflowId),
        runs -> runs.stream().allMatch(r -> SETTLED.contains(r.path("status").asString())
            && (!r.path("status").asString().equals("waiting") || parkedAfter(api, token, r, now))));
  }

  private static boolean parkedAfter(ApiClient api, String token, JsonNode run, Instant now) {
    JsonNode waits = api.get("/api/v1/executions/" + run.path("id").asString(), token).body().path("waitingOn");
    return StreamSupport.stream(waits.spliterator(), false).anyMatch(w -> !w.path("dueAt").isString()
        || Instant.parse(w.path("dueAt").asString()).isAfter(now));
  }
}
