package io.switchboard.nodes;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.engine.expression.Expressions;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.runner.RunnerSettings;
import io.switchboard.engine.store.PostgresExecutionStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.wakeup.WakeupSweeper;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.InstantSource;

/**
 * One engine "node" on a real PostgreSQL, logged in as the application role with its own pool:
 * two of these over one database behave like two servers of a cluster.
 */
final class PostgresEngine implements AutoCloseable {

  final HikariDataSource pool;
  final TenantDatabase db;
  final PostgresExecutionStore store;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ExecutionRunner runner;
  final WakeupSweeper sweeper;

  PostgresEngine(EmbeddedPostgresServer postgres, String name, InstantSource clock, int poolSize,
                 io.switchboard.engine.spi.NodeType<?>... extraTypes) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(SchemaMigrator.APP_ROLE);
    config.setMaximumPoolSize(poolSize);
    config.setPoolName(name);
    pool = new HikariDataSource(config);
    db = new TenantDatabase(DSL.using(pool, SQLDialect.POSTGRES));
    store = new PostgresExecutionStore(db, meters);
    java.util.List<io.switchboard.engine.spi.NodeType<?>> types = new java.util.ArrayList<>(BuiltInNodes.all());
    types.addAll(java.util.List.of(extraTypes));
    runner = new ExecutionRunner(store, new io.switchboard.nodes.catalog.ListNodeCatalog(types), Expressions.withDefaults(), clock,
        RunnerSettings.defaults(name), meters);
    sweeper = new WakeupSweeper(store, runner, clock, name, 200, poolSize * 2, Duration.ofMinutes(2));
  }

  @Override
  public void close() {
    sweeper.close();
    runner.close();
    pool.close();
  }
}
