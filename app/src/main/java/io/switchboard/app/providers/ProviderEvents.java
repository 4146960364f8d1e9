package io.switchboard.app.providers;

import io.switchboard.engine.tenancy.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Receives verified provider webhooks: stores each raw event first, ignores duplicates, processes
 * it, and processes again (later, on any node) what a crash or a failure left unprocessed.
 */
@Service
public class ProviderEvents implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);
  static final Duration RETRY_AFTER = Duration.ofMinutes(1);

  private final ProviderEventStore store;
  private final List<ProviderEventProcessor> processors;
  private final Clock clock;
  private ScheduledExecutorService sweeper;

  public ProviderEvents(ProviderEventStore store, List<ProviderEventProcessor> processors, Clock clock) {
    this.store = store;
    this.processors = processors;
    this.clock = clock;
  }

  /** What became of a received event. */
  public sealed interface Outcome {
    record Processed(String what) implements Outcome {}
    record Ignored(String why) implements Outcome {}
    record Duplicate() implements Outcome {}
    /** Stored but not processed yet; it will be processed again. */
    record Deferred(String why) implements Outcome {}
  }

  public Outcome receive(TenantId tenant, String provider, String type, String eventId, JsonNode payload) {
    return store.receive(tenant, provider, type, eventId, payload)
        .map(this::process)
        .orElseGet(Outcome.Duplicate::new);
  }

  Outcome process(ProviderEventStore.StoredEvent event) {
    ProviderEventProcessor processor = processors.stream().filter(p -> p.handles(event.provider(), event.type()))
        .findFirst().orElse(null);
    if (processor == null) {
      store.finish(event.tenant(), event.id(), "ignored", "No processing for " + event.provider() + " " + event.type() + " events.");
      return new Outcome.Ignored("not handled");
    }
    try {
      String what = processor.process(event);
      store.finish(event.tenant(), event.id(), "processed", what);
      return new Outcome.Processed(what);
    } catch (ProviderEventProcessor.Ignored ignored) {
      store.finish(event.tenant(), event.id(), "ignored", ignored.getMessage());
      return new Outcome.Ignored(ignored.getMessage());
    } catch (Exception e) {
      log.warn("processing {} {} event {} failed; it will be tried again", event.provider(), event.type(), event.eventId(), e);
      if (event.attempts() + 1 >= 5) {
        store.finish(event.tenant(), event.id(), "failed", "Gave up after 5 attempts: " + e.getMessage());
      } else {
        store.attemptFailed(event.tenant(), event.id(), String.valueOf(e.getMessage()));
      }
      return new Outcome.Deferred(String.valueOf(e.getMessage()));
    }
  }

  /** Processes events left in "received" for a while (a crash mid-way, a failed attempt). */
  public int processPending() {
    int done = 0;
    for (ProviderEventStore.StoredEvent event : store.pending(clock.instant().minus(RETRY_AFTER), 100)) {
      if (store.claim(event)) {
        process(event);
        done++;
      }
    }
    return done;
  }

  @Override
  public void start() {
    sweeper = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("provider-events").factory());
    sweeper.scheduleWithFixedDelay(() -> {
      try {
        processPending();
      } catch (RuntimeException e) {
        log.warn("processing pending provider events failed", e);
      }
    }, 30, 30, TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    if (sweeper != null) {
      sweeper.shutdownNow();
      sweeper = null;
    }
  }

  @Override
  public boolean isRunning() {
    return sweeper != null;
  }
}
