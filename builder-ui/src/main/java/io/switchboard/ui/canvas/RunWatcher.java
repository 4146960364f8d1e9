package io.switchboard.ui.canvas;

import com.vaadin.flow.component.UI;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.tenancy.TenantId;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Follows a run while it goes: reads its steps a few times a second and pushes each reading to
 * the page (Vaadin server push), until the run ends, waits, the page goes away, or two minutes pass.
 */
public final class RunWatcher {

  private static final Set<String> SETTLED = Set.of("succeeded", "failed", "cancelled", "waiting");
  private static final Duration EVERY = Duration.ofMillis(300);
  private static final Duration AT_MOST = Duration.ofMinutes(2);

  private volatile boolean stopped;
  private final AtomicReference<UUID> executionId = new AtomicReference<>();

  private RunWatcher() {}

  /** Starts following {@code executionId}; {@code onReading} runs in the UI's lock with each reading. */
  public static RunWatcher follow(UI ui, ExecutionHistory history, TenantId tenant, UUID executionId,
                                  Consumer<ExecutionHistory.ExecutionDetail> onReading) {
    RunWatcher watcher = new RunWatcher();
    watcher.executionId.set(executionId);
    watcher.start(ui, history, tenant, () -> Optional.empty(), onReading);
    return watcher;
  }

  /**
   * Follows the run of {@code workflowId} that is about to start: the first manual run not among
   * {@code known}, until {@link #identify} names it for certain (the runner's answer). A run is
   * written down at its first checkpoint, so a long run shows up while it goes.
   */
  public static RunWatcher followNew(UI ui, ExecutionHistory history, TenantId tenant, UUID workflowId, Set<UUID> known,
                                     Consumer<ExecutionHistory.ExecutionDetail> onReading) {
    RunWatcher watcher = new RunWatcher();
    watcher.start(ui, history, tenant, () -> history.list(tenant, new ExecutionHistory.Filter(Optional.of(workflowId),
            Optional.empty(), Optional.empty(), Optional.empty(), 10)).stream()
        .filter(s -> !known.contains(s.id()) && "manual".equals(s.triggerKind()))
        .map(ExecutionHistory.ExecutionSummary::id).reduce((newer, older) -> older), onReading);
    return watcher;
  }

  /** The run being followed, as the runner reported it. */
  public void identify(UUID id) {
    executionId.set(id);
  }

  private void start(UI ui, ExecutionHistory history, TenantId tenant, Supplier<Optional<UUID>> discover,
                     Consumer<ExecutionHistory.ExecutionDetail> onReading) {
    Thread.ofVirtual().name("run-watcher").start(() -> {
      Instant until = Instant.now().plus(AT_MOST);
      while (!stopped && Instant.now().isBefore(until) && ui.isAttached()) {
        UUID id = executionId.get();
        if (id == null) {
          discover.get().ifPresent(found -> executionId.compareAndSet(null, found));
          id = executionId.get();
        }
        var detail = id == null ? Optional.<ExecutionHistory.ExecutionDetail>empty() : history.get(tenant, id);
        if (detail.isPresent()) {
          ui.access(() -> {
            if (!stopped) onReading.accept(detail.get());
          });
          if (SETTLED.contains(detail.get().summary().status())) {
            return;
          }
        }
        try {
          Thread.sleep(EVERY);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    });
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
