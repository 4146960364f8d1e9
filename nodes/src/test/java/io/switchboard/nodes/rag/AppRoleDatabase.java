package io.switchboard.nodes.rag;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.util.Optional;

/** A throw-away migrated PostgreSQL reached as the application role (row-level security on), for the AI tests. */
public final class AppRoleDatabase implements AutoCloseable {

  private final EmbeddedPostgresServer postgres;
  private final HikariDataSource pool;
  public final TenantDatabase db;

  private AppRoleDatabase(EmbeddedPostgresServer postgres, HikariDataSource pool) {
    this.postgres = postgres;
    this.pool = pool;
    this.db = new TenantDatabase(DSL.using(pool, SQLDialect.POSTGRES));
  }

  public static AppRoleDatabase start() {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(SchemaMigrator.APP_ROLE);
    config.setMaximumPoolSize(6);
    return new AppRoleDatabase(postgres, new HikariDataSource(config));
  }

  /** A new workspace row. */
  public TenantId tenant(String name) {
    TenantId tenant = TenantId.random();
    db.runInTenant(tenant, tx -> tx.execute("INSERT INTO tenants (id, name, slug) VALUES (?, ?, ?)", tenant.value(), name,
        "t-" + tenant.value().toString().substring(0, 8)));
    return tenant;
  }

  @Override
  public void close() {
    pool.close();
    postgres.close();
  }
}
