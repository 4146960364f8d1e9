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

  private Set<UUID> record(TenantId tenant, List<Write> group) {
    calls.add(group.stream().map(Write::execution).toList());
    if (group.stream().anyMatch(Write::refused)) {
      throw new IllegalArgumentException("refused");
    }
    return group.stream().filter(w -> !w.raced()).map(Write::execution).collect(Collectors.toSet());
  }

  @Test
  void shouldSendAWriteAtOnceWhenNothingElseIsUnderWay() {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, 32);
    Write only = Write.of();

    assertThat(writes.write(TENANT, only)).isTrue();

    assertThat(calls).containsExactly(List.of(only.execution()));
  }

  @Test
  void shouldSendWritesThatArriveWhileOthersAreUnderWayTogether() throws Exception {
    CountDownLatch underWay = new CountDownLatch(GroupedWrites.LEADERS);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger firstCalls = new AtomicInteger();
    GroupedWrites<Write> writes = new GroupedWrites<>((tenant, group) -> {
      if (firstCalls.incrementAndGet() <= GroupedWrites.LEADERS) {
        underWay.countDown();
        await(release); // the first statements are slow: the others gather meanwhile
      }
      return record(tenant, group);
    }, Write::execution, 32);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> first = new ArrayList<>();
      for (int i = 0; i < GroupedWrites.LEADERS; i++) {
        first.add(callers.submit(() -> writes.write(TENANT, Write.of())));
      }
      assertThat(underWay.await(10, TimeUnit.SECONDS)).isTrue();
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
    assertThat(calls.size()).as("22 writes in fewer statements").isLessThanOrEqualTo(GroupedWrites.LEADERS + 2);
  }

  @Test
  void shouldTellEachCallerTheOutcomeOfItsOwnWrite() throws Exception {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, 32);
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
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    GroupedWrites<Write> writes = new GroupedWrites<>((tenant, group) -> {
      if (seen.getAndIncrement() == 0) {
        await(release);
      }
      return record(tenant, group);
    }, Write::execution, 32);
    Write refused = new Write(UUID.randomUUID(), true, false);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> first = callers.submit(() -> writes.write(TENANT, Write.of()));
      while (seen.get() == 0) {
        Thread.onSpinWait();
      }
      List<Future<Boolean>> good = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        good.add(callers.submit(() -> writes.write(TENANT, Write.of())));
      }
      Future<Boolean> bad = callers.submit(() -> writes.write(TENANT, refused));
      Thread.sleep(100);
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
      for (Future<Boolean> f : good) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("refused");
    }
    assertThat(calls).contains(List.of(refused.execution()));
  }

  @Test
  void shouldNeverPutTwoWritesOfOneExecutionInOneStatement() throws Exception {
    GroupedWrites<Write> writes = new GroupedWrites<>(this::record, Write::execution, 32);
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
    }, Write::execution, 8);
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
