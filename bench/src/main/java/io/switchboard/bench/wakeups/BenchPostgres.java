package io.switchboard.bench.wakeups;

import io.switchboard.schema.EmbeddedPostgresServer;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The throw-away PostgreSQL a harness runs on: the one the tests use, optionally durable (as the
 * application's own server) or with pg_stat_statements loaded, to see where the database's time goes.
 */
record BenchPostgres(EmbeddedPostgresServer server, boolean recordsStatements) implements AutoCloseable {

  /** {@code durable}: {@code fsync} and {@code synchronous_commit} on, as the application's own server. */
  static BenchPostgres start(boolean recordStatements, boolean durable) {
    Map<String, String> settings = new HashMap<>();
    if (durable) {
      settings.put("fsync", "on");
      settings.put("synchronous_commit", "on");
    }
    if (recordStatements) {
      settings.put("shared_preload_libraries", "pg_stat_statements");
      settings.put("pg_stat_statements.track", "all");
      settings.put("pg_stat_statements.track_planning", "on");
    }
    BenchPostgres started = new BenchPostgres(EmbeddedPostgresServer.startTemporary(settings), recordStatements);
    if (recordStatements) {
      try (Connection c = started.admin().getConnection(); Statement s = c.createStatement()) {
        s.execute("create extension if not exists pg_stat_statements");
      } catch (SQLException e) {
        started.close();
        throw new IllegalStateException("could not load pg_stat_statements: " + e.getMessage(), e);
      }
    }
    return started;
  }

  DataSource admin() {
    return server.adminDataSource();
  }

  String jdbcUrl() {
    return server.jdbcUrl();
  }

  /** The statements that took the most database time, one per line; empty when not recorded. */
  String topStatements(int limit) throws SQLException {
    if (!recordsStatements) {
      return "";
    }
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
    server.close();
  }
}
