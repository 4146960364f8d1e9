package io.switchboard.bench.wakeups;

import io.switchboard.schema.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The throw-away PostgreSQL a harness runs on: the one the tests use, or (to see where the
 * database's time goes) the same settings with pg_stat_statements loaded.
 */
sealed interface BenchPostgres extends AutoCloseable {

  DataSource admin();

  String jdbcUrl();

  /** The statements that took the most database time, one per line; empty when not recorded. */
  String topStatements(int limit) throws SQLException;

  @Override
  void close();

  /** {@code durable}: {@code fsync} and {@code synchronous_commit} on, as the application's own server. */
  static BenchPostgres start(boolean recordStatements, boolean durable) {
    return recordStatements || durable ? WithStatements.start(durable)
        : new Plain(EmbeddedPostgresServer.startTemporary());
  }

  record Plain(EmbeddedPostgresServer server) implements BenchPostgres {
    @Override public DataSource admin() { return server.adminDataSource(); }
    @Override public String jdbcUrl() { return server.jdbcUrl(); }
    @Override public String topStatements(int limit) { return ""; }
    @Override public void close() { server.close(); }
  }

  record WithStatements(EmbeddedPostgres postgres) implements BenchPostgres {
    static WithStatements start(boolean durable) {
      try {
        // The settings of EmbeddedPostgresServer.startTemporary() (or, durable, of its startPersistent()),
        // plus the statement statistics.
        WithStatements started = new WithStatements(EmbeddedPostgres.builder()
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "200")
          .setServerConfig("autovacuum_naptime", "5s")
            .setServerConfig("fsync", durable ? "on" : "off")
            .setServerConfig("synchronous_commit", durable ? "on" : "off")
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track", "all")
            .setServerConfig("pg_stat_statements.track_planning", "on")
            .start());
        try (Connection c = started.admin().getConnection(); Statement s = c.createStatement()) {
          s.execute("create extension if not exists pg_stat_statements");
        }
        return started;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (SQLException e) {
        throw new IllegalStateException("could not load pg_stat_statements: " + e.getMessage(), e);
      }
    }

    @Override public DataSource admin() { return postgres.getPostgresDatabase(); }
    @Override public String jdbcUrl() { return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres"; }

    @Override
    public String topStatements(int limit) throws SQLException {
      StringBuilder out = new StringBuilder();
      try (Connection c = admin().getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("select calls, plans, round(total_exec_time)::bigint, round(total_plan_time)::bigint, "
               + "round((total_exec_time / greatest(calls, 1))::numeric, 3), left(regexp_replace(query, '\\s+', ' ', 'g'), 160) "
               + "from pg_stat_statements order by total_exec_time desc limit " + limit)) {
        out.append(String.format("%10s %9s %10s %9s %9s  %s%n", "calls", "plans", "exec_ms", "plan_ms", "ms/call",
            "statement"));
        while (rs.next()) {
          out.append(String.format("%10d %9d %10d %9d %9s  %s%n", rs.getLong(1), rs.getLong(2), rs.getLong(3),
              rs.getLong(4), rs.getBigDecimal(5), rs.getString(6)));
        }
      }
      return out.toString();
    }

    @Override
    public void close() {
      try {
        postgres.close();
      } catch (IOException e) {
        System.err.println("the embedded PostgreSQL did not stop cleanly: " + e.getMessage());
      }
    }
  }
}
