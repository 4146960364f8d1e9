package io.switchboard.engine.store;

import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupedWritesTest {

  private static final TenantId TENANT = TenantId.random();

  /** A write of the test: which execution, and whether the statement refuses it or loses its race. */
  private record Write(UUID execution, boolean refused, boolean raced) {
    static Write of() {
      return new Write(UUID.randomUUID(), false, false);
    }
  }

  /** The statement's calls, each with the executions it was given. */
  private final List<List<UUID>> calls = Collections.synchronizedList(new ArrayList<>());

  // As the store's rule: a refusal by the database undid the statement; anything else may not have.
  private static boolean refusal(RuntimeException e) {
    return e instanceof IllegalArgumentException;
  }

  private Set<UUID> record(TenantId tenant, List<Write> group) {
    calls.add(group.stream().map(Write::execution).toList());
    if (group.stream().anyMatch(Write::refused)) {
      throw new IllegalArgumentException("refused");
    }
    return group.stream().filter(w -> !w.raced()).map(Write::execution).collect(Collectors.toSet());
  }

  @Test
  void shouldSendAWriteAtOnceWhenNothingElseIsUnderWay() {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, GroupedWritesTest::refusal, 32);
    Write only = Write.of();

    assertThat(writes.write(TENANT, only)).isTrue();

    assertThat(calls).containsExactly(List.of(only.execution()));
  }

  @Test
  void shouldSendWritesThatArriveWhileOthersAreUnderWayTogether() throws Exception {
    java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    GroupedWrites<Write> writes = slowAtFirst(entered, release, GroupedWritesTest::refusal);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> first = new ArrayList<>();
      for (int i = 0; i < GroupedWrites.LEADERS; i++) {
        first.add(callers.submit(() -> writes.write(TENANT, Write.of())));
        assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).as("statement %d under way", i + 1).isTrue();
      }
      List<Future<Boolean>> gathered = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        gathered.add(callers.submit(() -> writes.write(TENANT, Write.of())));
      }
      Thread.sleep(100); // let the twenty queue up behind the slow statements
      release.countDown();
      for (Future<Boolean> f : first) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
      for (Future<Boolean> f : gathered) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
    }
    assertThat(calls.stream().mapToInt(List::size).sum()).isEqualTo(22);
    assertThat(calls.size()).as("the twenty in at most two statements").isLessThanOrEqualTo(GroupedWrites.LEADERS + 2);
  }

  @Test
  void shouldTellEachCallerTheOutcomeOfItsOwnWrite() throws Exception {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, GroupedWritesTest::refusal, 32);
    List<Write> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add(new Write(UUID.randomUUID(), false, i % 3 == 0));
    }
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (Write w : all) {
        outcomes.add(callers.submit(() -> writes.write(TENANT, w)));
      }
      for (int i = 0; i < all.size(); i++) {
        assertThat(outcomes.get(i).get(10, TimeUnit.SECONDS)).as("write %d", i).isEqualTo(!all.get(i).raced());
      }
    }
  }

  @Test
  void shouldFailOnlyTheWriteThatCannotBeMadeWhenItsGroupFails() throws Exception {
    Write refused = new Write(UUID.randomUUID(), true, false);
    List<Future<Boolean>> good = new ArrayList<>();
    Future<Boolean> bad = gatherBehindSlowStatements(GroupedWritesTest::refusal, good, refused);

    for (Future<Boolean> f : good) {
      assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("refused");
    assertThat(calls).as("sent with others, then again alone")
        .anyMatch(call -> call.size() > 1 && call.contains(refused.execution()))
        .contains(List.of(refused.execution()));
  }

  @Test
  void shouldFailTheWholeGroupWhenItsStatementMayHaveBeenWritten() throws Exception {
    Write refused = new Write(UUID.randomUUID(), true, false);
    List<Future<Boolean>> others = new ArrayList<>();
    // a failure that does not say the statement was undone (a lost connection): nothing is sent again
    Future<Boolean> bad = gatherBehindSlowStatements(e -> false, others, refused);

    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("refused");
    int failedWithIt = 0;
    for (Future<Boolean> f : others) {
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e).hasRootCauseMessage("refused");
        failedWithIt++;
      }
    }
    assertThat(failedWithIt).as("the others of its group fail with it").isPositive();
    assertThat(calls).doesNotContain(List.of(refused.execution()));
  }

  /**
   * Writes whose first statements (one for each leader) say they are under way on {@code entered}, then
   * wait for {@code release}: the writes that arrive meanwhile gather behind them.
   */
  private GroupedWrites<Write> slowAtFirst(java.util.concurrent.Semaphore entered, CountDownLatch release,
                                           java.util.function.Predicate<RuntimeException> undone) {
    AtomicInteger statements = new AtomicInteger();
    return new GroupedWrites<>((tenant, group) -> {
      if (statements.incrementAndGet() <= GroupedWrites.LEADERS) {
        entered.release();
        await(release);
      }
      return record(tenant, group);
    }, Write::execution, undone, 32);
  }

  /**
   * Holds the first statements of both leaders, queues five good writes and {@code last} behind them,
   * then lets everything go: the six are sent in one group. The good writes' futures go in {@code good}.
   */
  private Future<Boolean> gatherBehindSlowStatements(java.util.function.Predicate<RuntimeException> undone,
                                                     List<Future<Boolean>> good, Write last) throws Exception {
    java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
    CountDownLatch release = new CountDownLatch(1);
    GroupedWrites<Write> writes = slowAtFirst(entered, release, undone);
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    for (int i = 0; i < GroupedWrites.LEADERS; i++) {
      good.add(callers.submit(() -> writes.write(TENANT, Write.of())));
      assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
    }
    for (int i = 0; i < 5; i++) {
      good.add(callers.submit(() -> writes.write(TENANT, Write.of())));
    }
    Thread.sleep(50);
    Future<Boolean> lastOne = callers.submit(() -> writes.write(TENANT, last));
    Thread.sleep(100);
    release.countDown();
    callers.shutdown();
    return lastOne;
  }

  @Test
  void shouldKeepACallersInterruptWithoutLettingItReachTheStatement() throws Exception {
    List<Boolean> interruptedWhileWriting = Collections.synchronizedList(new ArrayList<>());
    GroupedWrites<Write> writes = new GroupedWrites<>((tenant, group) -> {
      interruptedWhileWriting.add(Thread.currentThread().isInterrupted());
      return record(tenant, group);
    }, Write::execution, GroupedWritesTest::refusal, 32);
    AtomicInteger keptInterrupt = new AtomicInteger();
    Thread caller = Thread.ofVirtual().start(() -> {
      Thread.currentThread().interrupt();
      if (writes.write(TENANT, Write.of()) && Thread.currentThread().isInterrupted()) {
        keptInterrupt.incrementAndGet();
      }
    });
    caller.join(10_000);
    assertThat(interruptedWhileWriting).containsExactly(false);
    assertThat(keptInterrupt.get()).isEqualTo(1);
  }

  @Test
  void shouldTellEveryCallerOfAGroupWhenItsStatementThrowsAnErrorAndKeepServingOthers() throws Exception {
    AtomicInteger statements = new AtomicInteger();
    GroupedWrites<Write> writes = new GroupedWrites<>((tenant, group) -> {
      if (statements.incrementAndGet() == 1) {
        throw new StackOverflowError("deep");
      }
      return record(tenant, group);
    }, Write::execution, GroupedWritesTest::refusal, 32);
    assertThatThrownBy(() -> writes.write(TENANT, Write.of())).isInstanceOf(IllegalStateException.class)
        .hasRootCauseInstanceOf(StackOverflowError.class);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> later = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        later.add(callers.submit(() -> writes.write(TENANT, Write.of())));
      }
      for (Future<Boolean> f : later) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void shouldNeverPutTwoWritesOfOneExecutionInOneStatement() throws Exception {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, GroupedWritesTest::refusal, 32);
    List<UUID> executions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      executions.add(UUID.randomUUID());
    }
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> outcomes = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        UUID execution = executions.get(i % executions.size());
        outcomes.add(callers.submit(() -> writes.write(TENANT, new Write(execution, false, false))));
      }
      for (Future<Boolean> f : outcomes) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
    }
    assertThat(calls.stream().mapToInt(List::size).sum()).isEqualTo(400);
    for (List<UUID> call : calls) {
      assertThat(new HashSet<>(call)).as("one statement's executions").hasSameSizeAs(call);
    }
  }

  @Test
  void shouldMakeEveryWriteOnceUnderLoadFromManyCallersAndTenants() throws Exception {
    Set<UUID> written = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    GroupedWrites<Write> writes = new GroupedWrites<>((tenant, group) -> {
      for (Write w : group) {
        if (!written.add(w.execution())) {
          duplicates.incrementAndGet();
        }
      }
      if (Math.random() < 0.3) {
        Thread.yield();
      }
      return group.stream().map(Write::execution).collect(Collectors.toSet());
    }, Write::execution, GroupedWritesTest::refusal, 8);
    List<TenantId> tenants = List.of(TenantId.random(), TenantId.random(), TenantId.random());
    int perCaller = 500;
    int callers = 32;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> done = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        TenantId tenant = tenants.get(c % tenants.size());
        done.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < perCaller; i++) {
            ok += writes.write(tenant, Write.of()) ? 1 : 0;
          }
          return ok;
        }));
      }
      for (Future<Integer> f : done) {
        assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(perCaller);
      }
    }
    assertThat(written).hasSize(perCaller * callers);
    assertThat(duplicates.get()).isZero();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
