package io.switchboard.app.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.app.config.SwitchboardProperties;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.DSLContext;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Optional;

/**
 * Wires PostgreSQL: the embedded server under {@code $SWITCHBOARD_HOME} by default, or the one in
 * {@code DATABASE_URL}. Migrations run as the owner role; the application's pool logs in as
 * {@link SchemaMigrator#APP_ROLE}, which row-level security binds.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  PostgresLocation postgresLocation(SwitchboardProperties props) {
    SwitchboardProperties.Database db = props.database();
    if (db.embedded()) {
      EmbeddedPostgresServer server = EmbeddedPostgresServer.startPersistent(
          props.home().resolve("postgres/data"), props.home().resolve("postgres/binaries"));
      log.info("embedded PostgreSQL running on port {} with data in {}", server.port(), props.home().resolve("postgres/data"));
      return new PostgresLocation(server.adminDataSource(), server.jdbcUrl(), Optional.empty(), Optional.of(server));
    }
    DatabaseUrl url = DatabaseUrl.parse(db.url(), db.user(), db.password());
    PGSimpleDataSource admin = new PGSimpleDataSource();
    admin.setURL(url.jdbcUrl());
    url.user().ifPresent(admin::setUser);
    url.password().ifPresent(admin::setPassword);
    Optional<String> appPassword = Optional.ofNullable(db.appPassword()).filter(p -> !p.isBlank());
    return new PostgresLocation(admin, url.jdbcUrl(), appPassword, Optional.empty());
  }

  @Bean(destroyMethod = "close")
  HikariDataSource dataSource(PostgresLocation location, SwitchboardProperties props) {
    int applied = SchemaMigrator.migrate(location.admin(), location.appPassword());
    if (applied > 0) {
      log.info("applied {} database migration(s)", applied);
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("switchboard");
    config.setJdbcUrl(location.jdbcUrl());
    config.setUsername(SchemaMigrator.APP_ROLE);
    location.appPassword().ifPresent(config::setPassword);
    config.setMaximumPoolSize(props.database().poolSize());
    config.setAutoCommit(true);
    return new HikariDataSource(config);
  }

  @Bean
  TenantDatabase tenantDatabase(DSLContext dsl) {
    return new TenantDatabase(dsl);
  }

  /** Where the database is, and the embedded server when Switchboard runs its own. */
  public record PostgresLocation(DataSource admin, String jdbcUrl, Optional<String> appPassword,
                                 Optional<EmbeddedPostgresServer> embedded) implements AutoCloseable {
    @Override
    public void close() {
      embedded.ifPresent(EmbeddedPostgresServer::close);
    }
  }
}
