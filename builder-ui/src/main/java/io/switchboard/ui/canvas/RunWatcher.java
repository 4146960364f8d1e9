package io.switchboard.ui.canvas;

import com.vaadin.flow.component.UI;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.tenancy.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Follows a run while it goes: reads its steps a few times a second and pushes each reading to
 * the page (Vaadin server push), until the run ends, waits, the page goes away, or two minutes pass.
 */
public final class RunWatcher {

  private static final Set<String> SETTLED = Set.of("succeeded", "failed", "cancelled", "waiting");
  private static final Duration EVERY = Duration.ofMillis(300);
  private static final Duration AT_MOST = Duration.ofMinutes(2);

  private volatile boolean stopped;

  private RunWatcher() {}

  /** Starts following {@code executionId}; {@code onReading} runs in the UI's lock with each reading. */
  public static RunWatcher follow(UI ui, ExecutionHistory history, TenantId tenant, UUID executionId,
                                  Consumer<ExecutionHistory.ExecutionDetail> onReading) {
    RunWatcher watcher = new RunWatcher();
    Thread.ofVirtual().name("run-watcher-" + executionId).start(() -> {
      Instant until = Instant.now().plus(AT_MOST);
      while (!watcher.stopped && Instant.now().isBefore(until) && ui.isAttached()) {
        var detail = history.get(tenant, executionId);
        if (detail.isEmpty()) {
          return;
        }
        ui.access(() -> {
          if (!watcher.stopped) onReading.accept(detail.get());
        });
        if (SETTLED.contains(detail.get().summary().status())) {
          return;
        }
        try {
          Thread.sleep(EVERY);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
    return watcher;
  }

  public void stop() {
    stopped = true;
  }

  /** The status each node last had in a run, by node id. */
  public static Map<String, String> statuses(List<ExecutionHistory.Step> steps) {
    Map<String, String> statuses = new HashMap<>();
    for (ExecutionHistory.Step step : steps) {
      statuses.put(step.nodeId(), step.status());
    }
    return statuses;
  }
}
