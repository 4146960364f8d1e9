package io.switchboard.bench.wakeups;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Timer;
import io.switchboard.bench.ProcessCpu;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.runner.RunnerSettings;
import io.switchboard.engine.store.PostgresExecutionStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.wakeup.WakeupSweeper;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.nodes.BuiltInNodes;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import tools.jackson.databind.json.JsonMapper;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * Parks {@code bench.executions} (100,000) executions in a Wait step whose due times are spread
 * evenly over {@code bench.spreadSeconds} (60) starting {@code bench.leadSeconds} (45) after parking
 * began, then runs the wakeup sweeper as the application does (polls every 50 ms) on the real wall
 * clock until every execution resumed or {@code bench.deadlineEpochMs} passes. Engine settings mirror the application's defaults (pool
 * 20, sweep batch 200, 64 resumes in flight) on a throw-away embedded PostgreSQL.
 * Lateness = when the step after the Wait started minus the due time, read from execution_steps.
 */
public final class Wakeups {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Wakeups() {}

  public static void main(String[] args) throws Exception {
    int executions = Integer.getInteger("bench.executions", 100_000);
    // Parking 100,000 takes 20-25 s on the 2-core reference machine since parks are written in groups
    // (60-75 s before), so the window of due times opens 45 s after parking began, well after it ends.
    int leadSeconds = Integer.getInteger("bench.leadSeconds", 45);
    int spreadSeconds = Integer.getInteger("bench.spreadSeconds", 60);
    int parkThreads = Integer.getInteger("bench.parkThreads", 8);
    int poolSize = Integer.getInteger("bench.poolSize", 20);
    int inFlight = Integer.getInteger("bench.inFlight", 64);
    long deadlineEpochMs = Long.getLong("bench.deadlineEpochMs", Long.MAX_VALUE);
    InstantSource clock = InstantSource.system();

    try (BenchPostgres postgres = BenchPostgres.start(Boolean.getBoolean("bench.pgStatements"),
        Boolean.getBoolean("bench.durable"))) {
      SchemaMigrator.migrate(postgres.admin(), Optional.empty());
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(postgres.jdbcUrl());
      config.setUsername(SchemaMigrator.APP_ROLE);
      config.setMaximumPoolSize(poolSize);
      config.setPoolName("bench");
      try (HikariDataSource pool = new HikariDataSource(config)) {
        TenantDatabase db = new TenantDatabase(DSL.using(pool, SQLDialect.POSTGRES));
        PostgresExecutionStore store = new PostgresExecutionStore(db);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Expressions expressions = Expressions.withDefaults();
        try (ExecutionRunner runner = new ExecutionRunner(store, BuiltInNodes.catalog(), expressions, clock,
                 RunnerSettings.defaults("bench-runner"), meters);
             WakeupSweeper sweeper = new WakeupSweeper(store, runner, clock, "bench-runner", 200, inFlight,
                 Duration.ofMinutes(2))) {
          TenantId tenant = TenantId.random();
          db.runInTenant(tenant, tx -> tx.insertInto(TENANTS).set(TENANTS.ID, tenant.value())
              .set(TENANTS.NAME, "Wakeup Bench").set(TENANTS.SLUG, "wakeup-bench").execute());
          WorkflowService workflows = new WorkflowService(db, new WorkflowJson(),
              new GraphValidator(BuiltInNodes.catalog(), expressions::check, expressions::checkTemplate),
              clock);
          UUID workflow = workflows.create(tenant, Optional.empty(), "Wait then go", "", new WorkflowJson().read("""
              {"schemaVersion": 1, "nodes": [
                {"id": "start", "type": "trigger.manual@1", "name": "Start"},
                {"id": "wait", "type": "logic.delay@1", "name": "Wait",
                 "config": {"mode": "until", "until": "{{ trigger.at }}"}},
                {"id": "after", "type": "logic.set@1", "name": "After",
                 "config": {"fields": [{"name": "resumed", "value": true}]}}],
               "edges": [{"from": "start", "to": "wait"}, {"from": "wait", "to": "after"}]}
              """), "").workflowId();

          long self = ProcessHandle.current().pid();
          Path dataDir = Path.of(query(postgres, "show data_directory"));

          // Warm the JVM up on both paths (park, then resume) with executions that are deleted after,
          // so the figures below are the steady state rather than the JIT compiler at work.
          int warmup = Math.min(3_000, Math.max(100, executions / 30));
          Instant soon = clock.instant().plusSeconds(5);
          // Those parked after "soon" run straight through the Wait: only the others are resumed.
          int warmupParked = warmup - park(runner, tenant, workflow, warmup, parkThreads, i -> soon, true);
          sweepUntil(sweeper, warmupParked, clock.instant().plusSeconds(60), Optional.empty(), clock);
          long warmupResumes = sweeper.resumedCount();
          count(postgres, "with gone as (delete from executions where trigger_payload->>'warmup' = 'true' "
              + "returning tenant_id, id), steps as (delete from execution_steps s using gone g "
              + "where s.tenant_id = g.tenant_id and s.execution_id = g.id) select count(*) from gone");

          long heapBefore = heapUsedMb();
          long[] cpuBeforePark = {ProcessCpu.millis(self), ProcessCpu.postgresMillis(dataDir)};
          Instant parkStart = clock.instant();
          Instant firstDue = parkStart.plusSeconds(leadSeconds);
          long spreadMicros = spreadSeconds * 1_000_000L;
          int notWaiting = park(runner, tenant, workflow, executions, parkThreads, i ->
              firstDue.plus(i * spreadMicros / executions, ChronoUnit.MICROS), false);
          Instant parkEnd = clock.instant();
          long[] cpuAfterPark = {ProcessCpu.millis(self), ProcessCpu.postgresMillis(dataDir)};
          long parked = count(postgres, "select count(*) from wakeups");
          double parkSeconds = Duration.between(parkStart, parkEnd).toMillis() / 1000.0;
          System.err.printf("wakeups: parked %d in %.1f s (%.0f/s), %d did not wait; CPU per parked execution: "
                  + "this JVM %.2f ms, PostgreSQL %.2f ms%n", parked, parkSeconds, executions / parkSeconds, notWaiting,
              (cpuAfterPark[0] - cpuBeforePark[0]) / (double) executions,
              (cpuAfterPark[1] - cpuBeforePark[1]) / (double) executions);
          if (parkEnd.isAfter(firstDue)) {
            System.err.printf("wakeups: WARNING parking ended %.1f s after the first execution came due; parking and "
                + "resuming overlapped (raise bench.leadSeconds on a slower machine)%n",
                Duration.between(firstDue, parkEnd).toMillis() / 1000.0);
          }
          long heapAfter = heapUsedMb();
          if (Boolean.getBoolean("bench.explain")) {
            explain(postgres, firstDue.plusSeconds(1));
            return;
          }

          // Sweep as the application's Quartz job does until all resumed or the harness's time is up.
          Instant deadline = Instant.ofEpochMilli(Math.min(deadlineEpochMs,
              firstDue.plusSeconds(spreadSeconds + 180).toEpochMilli()));
          sweepUntil(sweeper, warmupResumes + parked, deadline, Optional.of(firstDue), clock);
          Instant drained = clock.instant();
          long[] cpuAfterDrain = {ProcessCpu.millis(self), ProcessCpu.postgresMillis(dataDir)};
          long resumedBySweeper = Math.max(1, sweeper.resumedCount() - warmupResumes);
          System.err.printf("wakeups: CPU per resume: this JVM %.2f ms, PostgreSQL %.2f ms%n",
              (cpuAfterDrain[0] - cpuAfterPark[0]) / (double) resumedBySweeper,
              (cpuAfterDrain[1] - cpuAfterPark[1]) / (double) resumedBySweeper);
          double drainSeconds = Duration.between(firstDue, drained).toMillis() / 1000.0;

          long resumed = count(postgres, "select count(distinct execution_id) from execution_steps where node_id = 'after'");
          long succeeded = count(postgres, "select count(*) from executions where status = 'succeeded'");
          long duplicates = count(postgres, "select count(*) from (select execution_id from execution_steps "
              + "where node_id = 'after' group by execution_id having count(*) > 1) twice");
          long left = count(postgres, "select count(*) from wakeups");
          double[] lateness = lateness(postgres);
          Timer timer = meters.find("switchboard.wakeup.lateness").timer();
          System.err.printf("wakeups: %d succeeded, %d waits left; runner's lateness timer: %d resumes, mean %.1f ms%n",
              succeeded, left, timer == null ? 0 : timer.count(),
              timer == null ? 0 : timer.mean(TimeUnit.MILLISECONDS));
          if (Boolean.getBoolean("bench.pgStatements")) {
            System.err.print("wakeups: PostgreSQL's busiest statements over the whole run:\n" + postgres.topStatements(15));
          }
          System.out.printf("wakeups: parked=%d resumed=%d duplicates=%d lateness_p50_ms=%.0f lateness_p99_ms=%.0f "
                  + "lateness_max_ms=%.0f heap_mb_before=%d heap_mb_after=%d park_s=%.1f lead_s=%d spread_s=%d "
                  + "drain_s=%.1f%n",
              parked, resumed, duplicates, lateness[0], lateness[1], lateness[2], heapBefore, heapAfter, parkSeconds,
              leadSeconds, spreadSeconds, drainSeconds);
        }
      }
    }
  }

  // 900 ms sweep windows polling every 50 ms while idle, as WakeupSweepJob, until the sweeper
  // resumed {@code target} in all or {@code deadline} passed; progress every 15 s from {@code reportFrom}.
  private static void sweepUntil(WakeupSweeper sweeper, long target, Instant deadline, Optional<Instant> reportFrom,
                                 InstantSource clock) throws InterruptedException {
    long lastReport = System.nanoTime();
    while (sweeper.resumedCount() < target && clock.instant().isBefore(deadline)) {
      sweeper.sweepFor(Duration.ofMillis(900), Duration.ofMillis(50));
      if (reportFrom.isPresent() && System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
        System.err.printf("wakeups: %d resumed, %.0f s after the first came due%n", sweeper.resumedCount(),
            Duration.between(reportFrom.get(), clock.instant()).toMillis() / 1000.0);
        lastReport = System.nanoTime();
      }
    }
    sweeper.awaitIdle(Duration.ofSeconds(10));
  }

  private interface DueTime {
    Instant of(int index);
  }

  // Parks on several threads (each runner.start is one transaction); returns how many did not wait.
  private static int park(ExecutionRunner runner, TenantId tenant, UUID workflow, int executions, int threads,
                          DueTime due, boolean warmup) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger notWaiting = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < executions; i = next.getAndIncrement()) {
            var payload = JSON.createObjectNode().put("at", due.of(i).toString()).put("i", i);
            if (warmup) {
              payload.put("warmup", true);
            }
            ExecutionStatus status = runner.start(new ExecutionRunner.Start(tenant, workflow, 1, "start", "bench",
                payload, Optional.empty(), Optional.empty())).status();
            if (status != ExecutionStatus.WAITING) {
              notWaiting.incrementAndGet();
            }
          }
          return null;
        }));
      }
      pool.shutdown();
      long started = System.nanoTime();
      for (int waited = 0; waited < 60 && !pool.awaitTermination(10, TimeUnit.SECONDS); waited++) {
        System.err.printf("wakeups: %d parked after %.0f s%n", Math.min(next.get(), executions),
            (System.nanoTime() - started) / 1e9);
      }
      for (Future<?> w : workers) {
        w.get(1, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return notWaiting.get();
  }

  // p50, p99 and max of (the step after the wait started - the due time), in ms, per execution.
  private static double[] lateness(BenchPostgres postgres) throws SQLException {
    String sql = """
        select coalesce(percentile_disc(0.5) within group (order by late_ms), 0),
               coalesce(percentile_disc(0.99) within group (order by late_ms), 0),
               coalesce(max(late_ms), 0)
          from (select extract(epoch from (min(s.started_at) - (e.trigger_payload->>'at')::timestamptz)) * 1000 as late_ms
                  from execution_steps s join executions e on e.tenant_id = s.tenant_id and e.id = s.execution_id
                 where s.node_id = 'after'
                 group by e.id, e.trigger_payload) l
        """;
    try (Connection c = postgres.admin().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
    }
  }

  // The plans of the sweeper's claim: the function as called, then its body as stored (its parameters
  // filled in) under the function's own settings, rolled back. A diagnosis aid.
  private static void explain(BenchPostgres postgres, Instant at) throws SQLException {
    String ts = "'" + at + "'::timestamptz";
    try (Connection c = postgres.admin().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      List<String> statements = new ArrayList<>();
      statements.add("explain (analyze, buffers) select * from claim_due_with_state(" + ts + ", 200, 'x', " + ts
          + " + interval '2 minutes')");
      try (ResultSet rs = s.executeQuery("select prosrc, proconfig from pg_proc where proname = 'claim_due_with_state'")) {
        rs.next();
        java.sql.Array settings = rs.getArray(2);
        for (Object setting : settings == null ? new Object[0] : (Object[]) settings.getArray()) {
          String[] nameValue = setting.toString().split("=", 2);
          statements.add("select set_config('" + nameValue[0] + "', '" + nameValue[1] + "', true)");
        }
        statements.add("explain (analyze, buffers) " + rs.getString(1)
            .replace("p_claim_until", ts + " + interval '2 minutes'").replace("p_claimer", "'x'")
            .replace("p_now", ts).replace("p_limit", "200"));
      }
      for (String sql : statements) {
        System.err.println("---- " + sql);
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            System.err.println(rs.getString(1));
          }
        }
      }
      c.rollback();
    }
  }

  private static String query(BenchPostgres postgres, String sql) throws SQLException {
    try (Connection c = postgres.admin().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static long count(BenchPostgres postgres, String sql) throws SQLException {
    try (Connection c = postgres.admin().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long heapUsedMb() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }
}
