package io.switchboard.app.support;

import io.switchboard.schema.EmbeddedPostgresServer;

/** One throw-away PostgreSQL per test JVM, shared by every integration test of the module. */
public final class TestPostgres {

  private static EmbeddedPostgresServer server;

  private TestPostgres() {}

  public static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      server = EmbeddedPostgresServer.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    }
    return server;
  }

  /** A DATABASE_URL for the superuser: Switchboard creates its roles and migrates through it. */
  public static String adminUrl() {
    return server().jdbcUrl() + "?user=postgres";
  }
}
