package io.switchboard.app;

import io.switchboard.app.db.DatabaseUrl;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks, before Spring starts, the mistakes a person makes when starting Switchboard: a port in
 * use, a data directory that cannot be written, a database that cannot be reached. Each ends the
 * start with one sentence saying what to do, and exit code 2, instead of a stack trace.
 */
final class StartupChecks {

  private StartupChecks() {}

  static void runOrExit() {
    problem(System.getenv()).ifPresent(StartupChecks::exit);
  }

  /** The first problem found with this environment, as the sentence to print. */
  static Optional<String> problem(java.util.Map<String, String> environment) {
    java.util.function.BinaryOperator<String> env = (name, fallback) -> {
      String value = environment.get(name);
      return value == null || value.isBlank() ? fallback : value;
    };
    String portText = env.apply("SWITCHBOARD_PORT", System.getProperty("server.port", "8080"));
    int port;
    try {
      port = Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      return Optional.of("SWITCHBOARD_PORT must be a number, not '" + portText + "'.");
    }
    if (port != 0) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(port));
      } catch (IOException e) {
        return Optional.of("port " + port + " is already in use; stop the program using it or start with SWITCHBOARD_PORT=<another port>.");
      }
    }
    String databaseUrl = env.apply("DATABASE_URL", "");
    if (databaseUrl.isBlank()) {
      Path home = Path.of(env.apply("SWITCHBOARD_HOME", System.getProperty("user.home") + "/.switchboard"));
      try {
        Files.createDirectories(home);
        Path probe = Files.createTempFile(home, ".write-check", "");
        Files.delete(probe);
      } catch (IOException | SecurityException e) {
        return Optional.of("the data directory " + home + " is not writable; set SWITCHBOARD_HOME to a directory you can write to.");
      }
    } else {
      DatabaseUrl url;
      try {
        url = DatabaseUrl.parse(databaseUrl, env.apply("DATABASE_USER", ""), env.apply("DATABASE_PASSWORD", ""));
      } catch (IllegalArgumentException e) {
        return Optional.of(e.getMessage());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(url.host(), url.port()), 5000);
      } catch (IOException e) {
        return Optional.of("cannot reach the database at " + url.describe() + " (DATABASE_URL); check that PostgreSQL is running and the URL is right, or unset DATABASE_URL to use the embedded database.");
      }
    }
    return redisProblem(env.apply("SWITCHBOARD_REDIS_URL", ""));
  }

  /** SWITCHBOARD_REDIS_URL, when set, must be a Redis address that answers (the password is never repeated). */
  static Optional<String> redisProblem(String redisUrl) {
    if (redisUrl.isBlank()) {
      return Optional.empty();
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(redisUrl.strip());
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
      return Optional.of("SWITCHBOARD_REDIS_URL must be a Redis address such as redis://host:6379 (or rediss:// for TLS), "
          + "or be left unset to keep the API rate limits in PostgreSQL.");
    }
    int port = uri.getPort() == -1 ? 6379 : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), 5000);
    } catch (IOException e) {
      return Optional.of("cannot reach Redis at " + uri.getHost() + ":" + port + " (SWITCHBOARD_REDIS_URL); check that it "
          + "runs and the address is right, or unset SWITCHBOARD_REDIS_URL to keep the API rate limits in PostgreSQL.");
    }
    return Optional.empty();
  }

  /** A start that failed inside Spring: say what to do when the cause is one we recognise. */
  static void explainAndExit(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof io.switchboard.app.plans.RedisRateBuckets.Unreachable redis) {
        exit(redis.getMessage()); // before its cause, which would read as the database's
      }
      if (t instanceof BindException) {
        exit("the web port is already in use; start with SWITCHBOARD_PORT=<another port>.");
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException) {
        exit("cannot reach the database; check DATABASE_URL, or unset it to use the embedded database.");
      }
      if (t instanceof org.postgresql.util.PSQLException p && "28P01".equals(p.getSQLState())) {
        exit("the database refused the password; check the user and password in DATABASE_URL and DATABASE_APP_PASSWORD.");
      }
      if (t instanceof io.switchboard.schema.SchemaMigrator.SchemaSetupException s) {
        exit("could not prepare the database: " + s.getMessage() + ". The DATABASE_URL user must be allowed to create roles (or have an administrator create switchboard_owner and switchboard_app).");
      }
    }
    throw e;
  }

  private static void exit(String sentence) {
    System.err.println("switchboard: " + sentence);
    System.exit(2);
  }
}
