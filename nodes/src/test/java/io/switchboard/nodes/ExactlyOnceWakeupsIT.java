package io.switchboard.nodes;

import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.graph.GraphValidator;
import io.switchboard.engine.graph.WorkflowJson;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.ExecutionStatus;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.engine.workflow.WorkflowService;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two independent runners — separate connection pools, same database, like two servers of a
 * cluster — drain 10,000 due wake-ups at once. Every execution must resume exactly once: none
 * twice, none lost. The clock is the test's: the wake-ups come due by moving it, not by waiting.
 */
class ExactlyOnceWakeupsIT {

  private static final int EXECUTIONS = 10_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

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

  @Test
  void shouldResumeEveryDueExecutionExactlyOnceAcrossTwoRunners() throws Exception {
    Instant t0 = Instant.parse("2026-05-04T10:00:00Z");
    AtomicReference<Instant> now = new AtomicReference<>(t0);
    TenantId tenant = TenantId.random();
    try (PostgresEngine a = new PostgresEngine(postgres, "runner-a", now::get, 8);
         PostgresEngine b = new PostgresEngine(postgres, "runner-b", now::get, 8)) {
      a.db.runInTenant(tenant, tx -> tx.insertInto(TENANTS).set(TENANTS.ID, tenant.value()).set(TENANTS.NAME, "Drip Co")
          .set(TENANTS.SLUG, "drip-" + tenant.value().toString().substring(0, 8)).execute());
      Expressions expressions = Expressions.withDefaults();
      WorkflowService workflows = new WorkflowService(a.db, new WorkflowJson(),
          new GraphValidator(BuiltInNodes.catalog(), expressions::check, expressions::checkTemplate),
          now::get);
      UUID workflow = workflows.create(tenant, Optional.empty(), "Drip", "", ExecutionScenariosTest.graph("""
          {'nodes': [
            {'id': 'start', 'type': 'trigger.manual@1', 'name': 'Start'},
            {'id': 'wait', 'type': 'logic.delay@1', 'name': 'Wait', 'config': {'mode': 'until', 'until': '{{ trigger.at }}'}},
            {'id': 'after', 'type': 'logic.set@1', 'name': 'After', 'config': {'fields': [{'name': 'resumed', 'value': true}]}}],
           'edges': [{'from': 'start', 'to': 'wait'}, {'from': 'wait', 'to': 'after'}]}
          """), "").workflowId();

      ExecutorService starters = Executors.newFixedThreadPool(8);
      List<Future<ExecutionStatus>> started = new ArrayList<>();
      for (int i = 0; i < EXECUTIONS; i++) {
        ObjectNode payload = JSON.createObjectNode().put("at", t0.plusMillis(1 + i % 10_000).toString());
        PostgresEngine via = i % 2 == 0 ? a : b;
        started.add(starters.submit(() -> via.runner.start(new ExecutionRunner.Start(tenant, workflow, 1, "start",
            "test", payload, Optional.empty(), Optional.empty())).status()));
      }
      for (Future<ExecutionStatus> f : started) {
        assertThat(f.get()).isEqualTo(ExecutionStatus.WAITING);
      }
      starters.shutdown();
      assertThat(count("select count(*) from wakeups")).isEqualTo(EXECUTIONS);

      now.set(t0.plus(Duration.ofSeconds(11)));
      ExecutorService sweeping = Executors.newFixedThreadPool(2);
      Future<?> sa = sweeping.submit(() -> drain(a));
      Future<?> sb = sweeping.submit(() -> drain(b));
      sa.get();
      sb.get();
      sweeping.shutdown();

      assertThat(count("select count(*) from wakeups")).as("waits left").isZero();
      assertThat(count("select count(*) from executions where status = 'succeeded'")).isEqualTo(EXECUTIONS);
      assertThat(count("select count(*) from execution_steps where node_id = 'after'"))
          .as("resumed executions").isEqualTo(EXECUTIONS);
      assertThat(count("select count(*) from (select execution_id from execution_steps where node_id = 'after' "
          + "group by execution_id having count(*) > 1) twice")).as("executions resumed twice").isZero();
      assertThat(a.sweeper.resumedCount() + b.sweeper.resumedCount()).isGreaterThanOrEqualTo(EXECUTIONS);
      assertThat(a.sweeper.resumedCount()).as("runner A shared the work").isPositive();
      assertThat(b.sweeper.resumedCount()).as("runner B shared the work").isPositive();
    }
  }

  private static Void drain(PostgresEngine engine) throws Exception {
    int idleRounds = 0;
    while (idleRounds < 3) {
      int claimed = engine.sweeper.sweepOnce();
      if (claimed == 0) {
        engine.sweeper.awaitIdle(Duration.ofSeconds(30));
        idleRounds++;
      } else {
        idleRounds = 0;
      }
    }
    return null;
  }

  private static long count(String sql) throws SQLException {
    try (Connection c = postgres.adminDataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
