package io.switchboard.schema;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Applies the Switchboard schema to a PostgreSQL database: creates the owner and application
 * roles, then runs the Flyway migrations as the owner. The application itself connects as
 * {@link #APP_ROLE}, which owns nothing and is subject to row-level security.
 */
public final class SchemaMigrator {

  public static final String OWNER_ROLE = "switchboard_owner";
  public static final String APP_ROLE = "switchboard_app";

  private SchemaMigrator() {}

  /**
   * @param admin        a data source for a user allowed to create roles (a superuser on first start)
   * @param appPassword  the password to set on the application role, for servers that check one
   * @return the number of migrations applied
   */
  public static int migrate(DataSource admin, Optional<String> appPassword) {
    try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
      s.execute(readBootstrapSql());
      if (appPassword.isPresent()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)")) {
          ps.setString(1, APP_ROLE);
          ps.setString(2, appPassword.get());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            s.execute(rs.getString(1));
          }
        }
      }
    } catch (SQLException e) {
      throw new SchemaSetupException("could not create the database roles: " + e.getMessage(), e);
    }
    MigrateResult result = Flyway.configure()
        .dataSource(admin)
        .locations("classpath:db/migration")
        .initSql("SET ROLE " + OWNER_ROLE)
        // a migration numbered below one a database already has (work merged in another order:
        // V17 and V18 came after V21) is applied rather than refused at start-up
        .outOfOrder(true)
        .load()
        .migrate();
    return result.migrationsExecuted;
  }

  private static String readBootstrapSql() {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream("/db/bootstrap/roles.sql")) {
      if (in == null) {
        throw new IllegalStateException("db/bootstrap/roles.sql is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema could not be set up; the message says why in one sentence. */
  public static final class SchemaSetupException extends RuntimeException {
    public SchemaSetupException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
