package io.switchboard.engine.store;

import io.switchboard.engine.tenancy.TenantId;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for one kind of execution write: the writes of a tenant that arrive while another of
 * its writes is on its way to the database are sent together, in one statement, as soon as that one
 * is back. A write that finds nothing under way is sent at once, alone, so an idle system adds no delay;
 * under load, the database's cost per statement (its protocol, executor start-up and commit, most
 * of a small write's cost) is shared by the group. Each caller still waits for, and learns, the
 * outcome of its own write: written, lost to another runner, or failed.
 *
 * <p>There is no writer thread: the callers themselves take turns leading. At most {@link #LEADERS}
 * groups of a tenant are under way at once; a caller that cannot lead parks until its write is done
 * or the last leader hands the lead to it. A group holds one write per execution, in execution order,
 * so groups lock rows in one order and cannot deadlock (a group may still wait for another that holds a
 * row it writes). When a group's statement fails in a way that undid all of it (a value the database
 * refuses, a deadlock), its writes are sent again one by one, so a write that cannot be made fails
 * alone; any other failure (a lost connection: the group may have been written) fails the whole group.
 */
final class GroupedWrites<W> {

  /** The statement that makes a group of one tenant's writes. */
  @FunctionalInterface
  interface Statement<W> {
    /** Makes the writes; the set holds the executions whose write took effect (an update can lose a race). */
    Set<UUID> write(TenantId tenant, List<W> group);
  }

  /** Groups of one tenant under way at once: two keep the database busy while the next group gathers. */
  static final int LEADERS = 2;

  private final Statement<W> statement;
  private final java.util.function.Function<W, UUID> executionOf;
  private final java.util.function.Predicate<RuntimeException> undone;
  private final int maxGroup;
  private final Map<TenantId, Lane<W>> lanes = new ConcurrentHashMap<>();

  /** {@code undone}: whether a failure of the statement certainly changed nothing, so its writes may be sent again. */
  GroupedWrites(Statement<W> statement, java.util.function.Function<W, UUID> executionOf,
                java.util.function.Predicate<RuntimeException> undone, int maxGroup) {
    this.statement = statement;
    this.executionOf = executionOf;
    this.undone = undone;
    this.maxGroup = maxGroup;
  }

  private static final class Lane<W> {
    final ConcurrentLinkedQueue<Pending<W>> queue = new ConcurrentLinkedQueue<>();
    final Semaphore leaders = new Semaphore(LEADERS);
  }

  private static final class Pending<W> {
    final W write;
    final Thread caller = Thread.currentThread();
    volatile boolean done;
    boolean written;
    RuntimeException failure;

    Pending(W write) {
      this.write = write;
    }

    void finish(boolean tookEffect, RuntimeException error) {
      written = tookEffect;
      failure = error;
      done = true; // publishes the two fields above
      LockSupport.unpark(caller);
    }
  }

  /** Makes the write alone (inside a transaction already under way, which joins it); false as {@link #write}. */
  boolean alone(TenantId tenant, W write) {
    return statement.write(tenant, List.of(write)).contains(executionOf.apply(write));
  }

  /** Makes the write, grouped with others of the tenant; false when another runner changed the execution first. */
  boolean write(TenantId tenant, W write) {
    Lane<W> lane = lanes.computeIfAbsent(tenant, t -> new Lane<>());
    Pending<W> mine = new Pending<>(write);
    lane.queue.add(mine);
    // The write is on its way and cannot be called back, so an interrupt waits for it (and is kept).
    boolean interrupted = false;
    while (!mine.done) {
      // An empty queue with this write not done: it is in another leader's group, which will wake this caller.
      if (!lane.queue.isEmpty() && lane.leaders.tryAcquire()) {
        // An interrupt would close the connection under the whole group: it is kept for the caller instead.
        interrupted |= Thread.interrupted();
        try {
          while (!mine.done && !lane.queue.isEmpty()) {
            lead(tenant, lane);
          }
        } finally {
          lane.leaders.release();
          // Whoever leaves writes behind hands the lead on: the first waiting caller wakes and leads.
          Pending<W> next = lane.queue.peek();
          if (next != null) {
            LockSupport.unpark(next.caller);
          }
        }
      } else {
        LockSupport.park(this);
        interrupted |= Thread.interrupted();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
    return mine.written;
  }

  // Sends one group; never throws, so whoever leads always hands the lead on.
  private void lead(TenantId tenant, Lane<W> lane) {
    List<Pending<W>> group = new ArrayList<>();
    Set<UUID> executions = new HashSet<>();
    List<Pending<W>> later = new ArrayList<>();
    for (Pending<W> p = lane.queue.poll(); p != null; p = group.size() < maxGroup ? lane.queue.poll() : null) {
      // Two writes of one execution (runners racing) go in different groups: one statement could not tell them apart.
      (executions.add(executionOf.apply(p.write)) ? group : later).add(p);
    }
    lane.queue.addAll(later);
    if (group.isEmpty()) {
      return; // another leader took them
    }
    group.sort(java.util.Comparator.comparing(p -> executionOf.apply(p.write)));
    try {
      send(tenant, group);
    } catch (Error fatal) {
      // Each caller is told (and may rethrow); the leader goes on to hand the lead over rather than strand the queue.
      IllegalStateException failure = new IllegalStateException("the write could not be made: " + fatal, fatal);
      group.stream().filter(p -> !p.done).forEach(p -> p.finish(false, failure));
    }
  }

  private void send(TenantId tenant, List<Pending<W>> group) {
    try {
      Set<UUID> written = statement.write(tenant, group.stream().map(p -> p.write).toList());
      group.forEach(p -> p.finish(written.contains(executionOf.apply(p.write)), null));
    } catch (RuntimeException groupFailed) {
      if (group.size() == 1 || !undone.test(groupFailed)) {
        group.forEach(p -> p.finish(false, groupFailed));
        return;
      }
      for (Pending<W> p : group) {
        try {
          p.finish(alone(tenant, p.write), null);
        } catch (RuntimeException failed) {
          p.finish(false, failed);
        }
      }
    }
  }
}
