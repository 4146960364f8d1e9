package io.switchboard.nodes;

import io.switchboard.engine.graph.WorkflowGraph;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.ExecutionStore;
import io.switchboard.engine.store.ExecutionHistory;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static io.switchboard.schema.jooq.Tables.WORKFLOWS;
import static io.switchboard.schema.jooq.Tables.WORKFLOW_VERSIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The engine's PostgreSQL paths: events, crash take-over by another runner, retention. */
class PostgresEngineIT {

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.startTemporary();
    SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  private static TenantId tenant(PostgresEngine engine, String settingsJson) {
    TenantId tenant = TenantId.random();
    engine.db.runInTenant(tenant, tx -> tx.insertInto(TENANTS).set(TENANTS.ID, tenant.value()).set(TENANTS.NAME, "T")
        .set(TENANTS.SLUG, "t-" + tenant.value().toString().substring(0, 8)).set(TENANTS.TIMEZONE, "Europe/Berlin")
        .set(TENANTS.SETTINGS, JSONB.valueOf(settingsJson)).execute());
    return tenant;
  }

  private static UUID deploy(PostgresEngine engine, TenantId tenant, WorkflowGraph graph) {
    UUID id = UUID.randomUUID();
    engine.db.runInTenant(tenant, tx -> {
      tx.insertInto(WORKFLOWS).set(WORKFLOWS.TENANT_ID, tenant.value()).set(WORKFLOWS.ID, id).set(WORKFLOWS.NAME, "W")
          .set(WORKFLOWS.LATEST_VERSION, 1).set(WORKFLOWS.ACTIVE_VERSION, 1).execute();
      tx.insertInto(WORKFLOW_VERSIONS).set(WORKFLOW_VERSIONS.TENANT_ID, tenant.value())
          .set(WORKFLOW_VERSIONS.WORKFLOW_ID, id).set(WORKFLOW_VERSIONS.VERSION, 1)
          .set(WORKFLOW_VERSIONS.GRAPH, JSONB.valueOf(new io.switchboard.engine.graph.WorkflowJson().write(graph))).execute();
    });
    return id;
  }

  private static ExecutionRunner.Start start(TenantId tenant, UUID workflow, JsonNode payload) {
    return new ExecutionRunner.Start(tenant, workflow, 1, "start", "test", payload, Optional.empty(), Optional.empty());
  }

  @Test
  void shouldResumeAWaitingExecutionWhenItsEventArrivesAndUseTheWorkspaceVariablesAndZone() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    try (PostgresEngine engine = new PostgresEngine(postgres, "events", now::get, 4)) {
      TenantId tenant = tenant(engine, "{\"variables\": {\"brand\": \"Acme\"}}");
      UUID wf = deploy(engine, tenant, ExecutionScenariosTest.graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.wait-event@1', 'name': 'Wait', 'config': {'eventKey': 'reply:{{ trigger.phone }}', 'timeout': '1d'}},
            {'id': 'say', 'type': 'logic.set@1', 'name': 'Say', 'config': {'fields': [
               {'name': 'text', 'value': '{{ vars.brand }} got {{ input.body }} at {{ formatDate(now(), \\"HH:mm\\") }}'}]}}],
           'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'fromPort': 'received', 'to': 'say'}]}
          """));
      ExecutionRecord waiting = engine.runner.start(start(tenant, wf, ExecutionScenariosTest.json("{'phone': '+15550009999'}")));
      assertThat(waiting.status()).isEqualTo(ExecutionStatus.WAITING);
      assertThat(engine.runner.deliver(tenant, "reply:+15550009999", ExecutionScenariosTest.json("{'body': 'YES'}"))).isEqualTo(1);
      ExecutionRecord done = engine.store.load(tenant, waiting.id()).orElseThrow();
      assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      assertThat(done.output().orElseThrow().path("text").asString()).isEqualTo("Acme got YES at 12:00");
    }
  }

  @Test
  void shouldReadFreeExecutionsWithTheirDueWaitsAndLeaveHeldOnesToTheirRunner() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    try (PostgresEngine engine = new PostgresEngine(postgres, "leasing", now::get, 4)) {
      TenantId tenant = tenant(engine, "{}");
      UUID twoWaits = deploy(engine, tenant, ExecutionScenariosTest.graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'a', 'type': 'logic.delay@1', 'name': 'Wait A', 'config': {'mode': 'duration', 'duration': '1h'}},
            {'id': 'b', 'type': 'logic.delay@1', 'name': 'Wait B', 'config': {'mode': 'duration', 'duration': '1h'}}],
           'edges': [{'from': 'start', 'to': 'a'}, {'from': 'start', 'to': 'b'}]}
          """));
      ExecutionRecord forked = engine.runner.start(start(tenant, twoWaits, ExecutionScenariosTest.json("{}")));
      ExecutionRecord held = engine.runner.start(start(tenant, twoWaits, ExecutionScenariosTest.json("{}")));
      assertThat(forked.status()).isEqualTo(ExecutionStatus.WAITING);
      assertThat(engine.store.acquire(tenant, held.id(), "another-runner", now.get(), now.get().plus(Duration.ofHours(3))))
          .isPresent();
      now.set(now.get().plus(Duration.ofHours(2)));

      long versionBefore = engine.store.load(tenant, forked.id()).orElseThrow().rowVersion();
      List<ExecutionStore.ClaimedWait> claimed = engine.store.claimDueWithState(now.get(), 10, "sweeper", now.get()
          .plus(Duration.ofMinutes(1)));
      assertThat(claimed).hasSize(4);
      List<ExecutionStore.ClaimedWait> ofForked = claimed.stream().filter(c -> c.due().executionId().equals(forked.id())).toList();
      assertThat(ofForked).as("one record per execution, with its first wait").hasSize(2)
          .filteredOn(c -> c.execution().isPresent()).hasSize(1);
      ExecutionRecord read = ofForked.stream().flatMap(c -> c.execution().stream()).findFirst().orElseThrow();
      assertThat(read.state().parked()).hasSize(2);
      assertThat(read.rowVersion()).as("read, not changed").isEqualTo(versionBefore)
          .isEqualTo(engine.store.load(tenant, forked.id()).orElseThrow().rowVersion());
      assertThat(claimed.stream().filter(c -> c.due().executionId().equals(held.id())))
          .as("held by another runner: claimed, not read").hasSize(2).allMatch(c -> c.execution().isEmpty());

      ofForked.forEach(engine.runner::resumeClaimed);
      assertThat(engine.store.load(tenant, forked.id()).orElseThrow().status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      claimed.stream().filter(c -> c.due().executionId().equals(held.id())).forEach(engine.runner::resumeClaimed);
      assertThat(engine.store.load(tenant, held.id()).orElseThrow().status()).as("left to its runner")
          .isEqualTo(ExecutionStatus.WAITING);
    }
  }

  @Test
  void shouldLetAnotherRunnerTakeOverACrashedExecutionWithoutRepeatingItsEffect() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    ExecutionScenariosTest.CrashingSender sender = new ExecutionScenariosTest.CrashingSender();
    try (PostgresEngine crashing = new PostgresEngine(postgres, "crashing", now::get, 4, sender);
         PostgresEngine survivor = new PostgresEngine(postgres, "survivor", now::get, 4, sender)) {
      TenantId tenant = tenant(crashing, "{}");
      UUID wf = deploy(crashing, tenant, ExecutionScenariosTest.graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'send', 'type': 'test.send@1', 'name': 'Send SMS'}],
           'edges': [{'from': 'start', 'to': 'send'}]}
          """));
      try {
        crashing.runner.start(start(tenant, wf, ExecutionScenariosTest.json("{}")));
      } catch (OutOfMemoryError simulated) {
        // the first runner "died" right after sending
      }
      assertThat(survivor.sweeper.takeOverStale()).as("nothing to take over while the lease runs").isZero();
      now.set(now.get().plus(Duration.ofMinutes(3)));
      assertThat(survivor.sweeper.takeOverStale()).isEqualTo(1);
      survivor.sweeper.awaitIdle(Duration.ofSeconds(10));

      ExecutionHistory history = new ExecutionHistory(survivor.db);
      ExecutionHistory.ExecutionSummary summary = history.list(tenant, new ExecutionHistory.Filter(Optional.of(wf),
          Optional.empty(), Optional.empty(), Optional.empty(), 10)).getFirst();
      assertThat(summary.status()).isEqualTo("succeeded");
      assertThat(sender.sent.get()).as("the SMS went out once").isEqualTo(1);
    }
  }

  @Test
  void shouldPruneFinishedExecutionsPastEachWorkspacesRetention() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T10:00:00Z"));
    try (PostgresEngine engine = new PostgresEngine(postgres, "retention", now::get, 4)) {
      TenantId shortMemory = tenant(engine, "{}");
      TenantId longMemory = tenant(engine, "{\"retentionDays\": 90}");
      WorkflowGraph graph = ExecutionScenariosTest.graph("""
          {'nodes': [{'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'}], 'edges': []}
          """);
      UUID a = deploy(engine, shortMemory, graph);
      UUID b = deploy(engine, longMemory, graph);
      ExecutionRecord old = engine.runner.start(start(shortMemory, a, ExecutionScenariosTest.json("{}")));
      ExecutionRecord kept = engine.runner.start(start(longMemory, b, ExecutionScenariosTest.json("{}")));
      now.set(now.get().plus(Duration.ofDays(40)));
      ExecutionRecord recent = engine.runner.start(start(shortMemory, a, ExecutionScenariosTest.json("{}")));

      assertThat(new ExecutionHistory(engine.db).prune(now::get, 30, 1000, () -> true))
          .as("stopping (the application shuts down): nothing more is deleted").isZero();
      assertThat(engine.store.load(shortMemory, old.id())).isPresent();
      int deleted = new ExecutionHistory(engine.db).prune(now::get, 30, 1000);
      assertThat(deleted).isGreaterThanOrEqualTo(1);
      assertThat(stepCount(engine, shortMemory, old.id())).as("had its trigger step").isZero();
      assertThat(engine.store.load(shortMemory, old.id())).isEmpty();
      assertThat(stepCount(engine, shortMemory, recent.id())).as("its steps go with it, others' stay").isPositive();
      assertThat(engine.store.load(shortMemory, recent.id())).isPresent();
      assertThat(engine.store.load(longMemory, kept.id())).as("this workspace keeps 90 days").isPresent();
    }
  }

  @Test
  void shouldWriteStepsOfManyExecutionsTogetherAndRefuseOnlyTheStaleAndTheUnwritableOnes() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-01T10:00:00Z"));
    try (PostgresEngine engine = new PostgresEngine(postgres, "grouped", now::get, 4)) {
      WorkflowGraph graph = ExecutionScenariosTest.graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait', 'config': {'mode': 'duration', 'duration': '1h'}}],
           'edges': [{'from': 'start', 'to': 'wait'}]}
          """);
      List<TenantId> tenants = List.of(tenant(engine, "{}"), tenant(engine, "{}"));
      // Sixty starts at once, each parking a wait: inserts with their steps and waits, grouped. One starts
      // with no data at all (a JSON null, which must stay one: the column holds no SQL NULL).
      List<java.util.concurrent.Future<ExecutionRecord>> started = new java.util.ArrayList<>();
      try (java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (TenantId tenant : tenants) {
          UUID wf = deploy(engine, tenant, graph);
          for (int i = 0; i < 30; i++) {
            JsonNode payload = i == 3 ? tools.jackson.databind.node.NullNode.getInstance()
                : ExecutionScenariosTest.json("{'i': " + i + "}");
            started.add(starters.submit(() -> engine.runner.start(start(tenant, wf, payload))));
          }
        }
      }
      List<ExecutionRecord> waiting = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<ExecutionRecord> f : started) {
        waiting.add(f.get());
      }
      assertThat(waiting).allMatch(r -> r.status() == ExecutionStatus.WAITING);
      for (ExecutionRecord r : waiting) {
        assertThat(engine.store.load(r.tenant(), r.id()).orElseThrow().state().parked()).hasSize(1);
        int waits = engine.db.inTenant(r.tenant(), tx -> tx.fetchCount(io.switchboard.schema.jooq.Tables.WAKEUPS,
            io.switchboard.schema.jooq.Tables.WAKEUPS.EXECUTION_ID.eq(r.id())));
        assertThat(waits).isEqualTo(1);
      }
      assertThat(engine.store.load(tenants.get(0), waiting.get(3).id()).orElseThrow().triggerPayload().isNull()).isTrue();

      // Sixty writes at once on a pool of four connections: every fifth from a runner that read an old
      // version, and one whose step the database cannot store (jsonb refuses the NUL character).
      ExecutionRecord unwritable = waiting.get(7);
      java.util.Map<UUID, java.util.concurrent.Future<?>> outcomes = new java.util.LinkedHashMap<>();
      io.micrometer.core.instrument.DistributionSummary perStatement =
          engine.meters.get("switchboard.store.writes.per.statement").tag("kind", "update").summary();
      double carriedBefore = perStatement.totalAmount();
      try (java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < waiting.size(); i++) {
          ExecutionRecord r = waiting.get(i);
          boolean stale = i % 5 == 0;
          // every fifth from the second on parks again, for a time past the year 9999
          java.util.Map<String, io.switchboard.engine.execution.Parked> parks = i % 5 == 1 ? java.util.Map.of("later",
              new io.switchboard.engine.execution.Parked(new io.switchboard.engine.execution.Token("later", "wait", "in",
                  null, 1, null, Optional.empty(), Optional.empty(), null), Optional.of(FAR), Optional.empty(), "wait"))
              : java.util.Map.of();
          var state = new io.switchboard.engine.execution.ExecutionState(List.of(), parks, java.util.Map.of(),
              java.util.Map.of(), r.state().outputs(), r.state().trigger(), ExecutionScenariosTest.json("{'done': true}"),
              Optional.empty(), r.state().nextSeq() + 1, r.state().nextTokenId());
          ExecutionRecord next = (parks.isEmpty() ? r.with(ExecutionStatus.SUCCEEDED, state).finishedAt(now.get(),
              Optional.of(ExecutionScenariosTest.json("{'done': true}")), Optional.empty())
              : r.with(ExecutionStatus.WAITING, state)).withRowVersion(stale ? r.rowVersion() + 7 : r.rowVersion());
          JsonNode input = r == unwritable ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("text", "a\u0000b")
              : ExecutionScenariosTest.json("{}");
          var step = new io.switchboard.engine.runner.StepRecord(r.state().nextSeq(), "after", "After", 1, "succeeded",
              input, ExecutionScenariosTest.json("{}"), Optional.of(ExecutionScenariosTest.json("{'done': true}")),
              Optional.of("out"), Optional.empty(), now.get(), now.get(), "k-" + r.id(), false);
          outcomes.put(r.id(), writers.submit(() -> engine.store.update(next, List.of(step), Optional.empty(), now.get())));
        }
      }

      for (int i = 0; i < waiting.size(); i++) {
        ExecutionRecord r = waiting.get(i);
        java.util.concurrent.Future<?> outcome = outcomes.get(r.id());
        ExecutionRecord stored = engine.store.load(r.tenant(), r.id()).orElseThrow();
        int waits = engine.db.inTenant(r.tenant(), tx -> tx.fetchCount(io.switchboard.schema.jooq.Tables.WAKEUPS,
            io.switchboard.schema.jooq.Tables.WAKEUPS.EXECUTION_ID.eq(r.id())));
        if (r == unwritable || i % 5 == 0) {
          Throwable failure = catchThrowable(outcome::get);
          if (r == unwritable) {
            assertThat(sqlState(failure)).as("jsonb refuses the NUL character").isEqualTo("22P05");
          } else {
            assertThat(failure).as("execution %d", i).hasCauseInstanceOf(ExecutionStore.ConcurrentUpdateException.class);
          }
          assertThat(stored.status()).as("execution %d is left as it was", i).isEqualTo(ExecutionStatus.WAITING);
          assertThat(waits).isEqualTo(1);
          assertThat(stepCount(engine, r.tenant(), r.id())).isEqualTo(2);
        } else if (i % 5 == 1) {
          outcome.get();
          assertThat(stored.status()).as("execution %d", i).isEqualTo(ExecutionStatus.WAITING);
          List<String> tokens = engine.db.inTenant(r.tenant(), tx -> tx.select(io.switchboard.schema.jooq.Tables.WAKEUPS.TOKEN_ID)
              .from(io.switchboard.schema.jooq.Tables.WAKEUPS).where(io.switchboard.schema.jooq.Tables.WAKEUPS.EXECUTION_ID.eq(r.id()))
              .fetch(io.switchboard.schema.jooq.Tables.WAKEUPS.TOKEN_ID));
          assertThat(tokens).as("the old wait removed, the new one kept").containsExactly("later");
          assertThat(stored.state().parked().get("later").dueAt()).contains(FAR);
          assertThat(stepCount(engine, r.tenant(), r.id())).isEqualTo(3);
        } else {
          outcome.get();
          assertThat(stored.status()).as("execution %d", i).isEqualTo(ExecutionStatus.SUCCEEDED);
          assertThat(stored.rowVersion()).isEqualTo(r.rowVersion() + 1);
          assertThat(stored.output().orElseThrow().path("done").asBoolean()).isTrue();
          assertThat(waits).as("its wait is gone with the write").isZero();
          assertThat(stepCount(engine, r.tenant(), r.id())).as("the trigger, the wait and the new step").isEqualTo(3);
        }
      }
      // every write was counted in the statement that carried it (a write sent again alone, twice)
      assertThat(perStatement.totalAmount() - carriedBefore).isGreaterThanOrEqualTo(waiting.size());
      // The waits left behind are not for the other tests' sweeps.
      waiting.stream().filter(r -> engine.store.load(r.tenant(), r.id()).orElseThrow().status() == ExecutionStatus.WAITING)
          .forEach(r -> assertThat(engine.runner.cancel(r.tenant(), r.id())).isTrue());
    }
  }

  private static final Instant FAR = Instant.parse("+12026-06-01T10:00:00Z");

  private static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLException sql) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static int stepCount(PostgresEngine engine, TenantId tenant, UUID executionId) {
    return engine.db.inTenant(tenant, tx -> tx.fetchCount(io.switchboard.schema.jooq.Tables.EXECUTION_STEPS,
        io.switchboard.schema.jooq.Tables.EXECUTION_STEPS.EXECUTION_ID.eq(executionId)));
  }
}
