package io.switchboard.engine.wakeup;

import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drains the wait table: claims the waits that are due (of any tenant, with {@code FOR UPDATE SKIP
 * LOCKED}, so any number of sweepers on any number of nodes share the work without taking the same
 * row) and resumes their executions on a bounded set of workers. A claim is a lease, not a delete:
 * a sweeper that dies loses nothing. Quartz times the sweeps; this class never sleeps on its own
 * except between the polls of one sweep window.
 */
public final class WakeupSweeper implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WakeupSweeper.class);

  private final ExecutionStore store;
  private final ExecutionRunner runner;
  private final InstantSource clock;
  private final String owner;
  private final int batchSize;
  private final Duration claimLease;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong resumed = new AtomicLong();

  /** How long after its claim an execution's state is used as read; later it is read again. */
  private static final long FRESH_NANOS = 5_000_000_000L;

  public WakeupSweeper(ExecutionStore store, ExecutionRunner runner, InstantSource clock, String owner, int batchSize,
                       int maxInFlight, Duration claimLease) {
    this.store = store;
    this.runner = runner;
    this.clock = clock;
    this.owner = owner;
    this.batchSize = batchSize;
    this.claimLease = claimLease;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxInFlight = maxInFlight;
  }

  /** Claims what is due now, hands it to the workers, and returns how many waits it claimed. */
  public int sweepOnce() throws InterruptedException {
    return claimAndResume(Math.max(1, Math.min(batchSize, inFlight.availablePermits())));
  }

  private int claimAndResume(int want) throws InterruptedException {
    Instant now = clock.instant();
    // The executions come with their waits, read as they were, so each resume is one write; a worker
    // that starts late (the queue here was long) reads its execution again rather than race with stale state.
    List<ExecutionStore.ClaimedWait> due = store.claimDueWithState(now, want, owner, now.plus(claimLease));
    long claimedAt = System.nanoTime();
    if (!due.isEmpty()) {
      log.debug("claimed {} due waits at {}", due.size(), now);
    }
    for (ExecutionStore.ClaimedWait claimed : due) {
      inFlight.acquire();
      workers.submit(() -> {
        try {
          runner.resumeClaimed(System.nanoTime() - claimedAt < FRESH_NANOS ? claimed
              : new ExecutionStore.ClaimedWait(claimed.due(), java.util.Optional.empty()));
          resumed.incrementAndGet();
        } catch (RuntimeException e) {
          log.warn("could not resume execution {}; it will be tried again after its claim runs out",
              claimed.due().executionId(), e);
        } finally {
          inFlight.release();
        }
      });
    }
    return due.size();
  }

  /** Claims executions whose runner died and takes them over from their last checkpoint. */
  public int takeOverStale() throws InterruptedException {
    Instant now = clock.instant();
    List<ExecutionStore.StaleExecution> stale = store.claimStale(now, batchSize, owner, now.plus(claimLease));
    for (ExecutionStore.StaleExecution s : stale) {
      inFlight.acquire();
      workers.submit(() -> {
        try {
          runner.takeOver(s.tenant(), s.executionId());
        } catch (RuntimeException e) {
          log.warn("could not take over execution {}", s.executionId(), e);
        } finally {
          inFlight.release();
        }
      });
    }
    return stale.size();
  }

  /**
   * Sweeps again and again for about {@code window}: at once while there is more due, otherwise
   * every {@code pause}. One Quartz firing per window keeps wake-up lateness near {@code pause}.
   */
  public int sweepFor(Duration window, Duration pause) throws InterruptedException {
    long end = System.nanoTime() + window.toNanos();
    int total = 0;
    while (System.nanoTime() < end) {
      // A claim costs about the same for 10 rows as for 200 (the scan of the due-time index
      // dominates), so claim a whole batch and feed it to the workers as they come free: the
      // batch is claimed at most a fraction of a second before it runs.
      int claimed = claimAndResume(batchSize);
      total += claimed;
      if (claimed < batchSize) {
        // nothing more is due: poll again shortly
        TimeUnit.NANOSECONDS.sleep(Math.min(pause.toNanos(), Math.max(0, end - System.nanoTime())));
      }
    }
    return total;
  }

  /** Waits (for tests and shutdown) until every handed-out resume has finished. */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (inFlight.availablePermits() < maxInFlight && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
  }

  /** Resumes handed to workers and not finished: the runnable queue depth of this node. */
  public int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }

  public long resumedCount() {
    return resumed.get();
  }

  @Override
  public void close() {
    workers.shutdown();
  }
}
