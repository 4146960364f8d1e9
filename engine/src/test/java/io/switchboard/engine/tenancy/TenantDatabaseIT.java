package io.switchboard.engine.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.switchboard.schema.EmbeddedPostgresServer;
import io.switchboard.schema.SchemaMigrator;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static io.switchboard.schema.jooq.Tables.TENANTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenant scope on a real PostgreSQL, through a pool of ONE connection, so every call reuses
 * the connection the previous tenant's work ran on.
 */
class TenantDatabaseIT {

  private static EmbeddedPostgresServer postgres;
  private static HikariDataSource pool;
  private static TenantDatabase db;
  private static final TenantId A = TenantId.random();
  private static final TenantId B = TenantId.random();

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgresServer.startTemporary();
    SchemaMigrator.migrate(postgres.adminDataSource(), Optional.empty());
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.jdbcUrl());
    config.setUsername(SchemaMigrator.APP_ROLE);
    config.setMaximumPoolSize(1);
    pool = new HikariDataSource(config);
    DSLContext dsl = DSL.using(pool, SQLDialect.POSTGRES);
    db = new TenantDatabase(dsl);
    for (TenantId t : new TenantId[] {A, B}) {
      db.runInTenant(t, tx -> tx.insertInto(TENANTS).set(TENANTS.ID, t.value()).set(TENANTS.NAME, "T " + t)
          .set(TENANTS.SLUG, "t-" + t.value().toString().substring(0, 8)).execute());
    }
  }

  @AfterAll
  static void stop() {
    pool.close();
    postgres.close();
  }

  @Test
  void shouldShowOnlyTheScopedTenantsRows() {
    java.util.List<java.util.UUID> seenByA = db.inTenant(A, tx -> tx.fetch(TENANTS).map(r -> r.getId()));
    java.util.List<java.util.UUID> seenByB = db.inTenant(B, tx -> tx.fetch(TENANTS).map(r -> r.getId()));
    assertThat(seenByA).containsExactly(A.value());
    assertThat(seenByB).containsExactly(B.value());
  }

  @Test
  void shouldNotLeaveTheTenantSettingOnThePooledConnection() {
    db.inTenant(A, tx -> tx.fetchCount(TENANTS));
    assertThat(settingOutsideAnyScope()).isEmpty();
    int visible = db.platform(tx -> tx.fetchCount(TENANTS));
    assertThat(visible).as("rows visible outside a tenant scope").isZero();
  }

  @Test
  void shouldNotLeaveTheTenantSettingWhenTheWorkFails() {
    assertThatThrownBy(() -> db.inTenant(A, tx -> {
      tx.fetchCount(TENANTS);
      throw new IllegalStateException("work failed");
    })).hasMessageContaining("work failed");
    assertThat(settingOutsideAnyScope()).isEmpty();
    assertThat(TenantDatabase.current()).isEmpty();
  }

  @Test
  void shouldRefuseToStartOneTenantsWorkInsideAnothers() {
    assertThatThrownBy(() -> db.inTenant(A, tx -> db.inTenant(B, inner -> inner.fetchCount(TENANTS))))
        .isInstanceOf(IllegalStateException.class);
    int nested = db.inTenant(A, tx -> db.inTenant(A, inner -> inner.fetchCount(TENANTS)));
    assertThat(nested).isEqualTo(1);
  }

  @Test
  void shouldRunOneStatementInTheTenantInOneTransactionAndLeaveNothingBehind() {
    String seen = db.oneStatement(A, "select current_setting('app.tenant_id', true), txid_current(), "
        + "(select count(*) from tenants)", (ps, first) -> { }, ps -> {
          try (java.sql.ResultSet rs = ps.getResultSet()) {
            rs.next();
            return rs.getString(1) + "/" + rs.getLong(3);
          }
        });
    assertThat(seen).as("the statement runs with the tenant set, and sees only its row").isEqualTo(A + "/1");
    assertThat(settingOutsideAnyScope()).isEmpty();

    // the setting and the statement share one transaction: a failing statement undoes both
    assertThatThrownBy(() -> db.oneStatement(B, "update tenants set name = ? where id = ?::uuid and 1 / 0 = 1",
        (ps, first) -> {
          ps.setString(first, "renamed");
          ps.setString(first + 1, B.toString());
        }, ps -> ps.getUpdateCount())).hasStackTraceContaining("division by zero");
    assertThat(settingOutsideAnyScope()).isEmpty();
    String name = db.inTenant(B, tx -> tx.fetchOne(TENANTS).getName());
    assertThat(name).isEqualTo("T " + B);

    // parameters start after the tenant's; another tenant's row is out of reach
    int renamed = db.oneStatement(B, "update tenants set name = ? where id = ?::uuid", (ps, first) -> {
      ps.setString(first, "B renamed");
      ps.setString(first + 1, A.toString());
    }, ps -> ps.getUpdateCount());
    assertThat(renamed).as("A's row seen from B").isZero();

    // inside the tenant's work it joins that transaction
    long[] transactions = db.inTenant(A, tx -> new long[] {
        tx.resultQuery("select txid_current()").fetchOne(0, Long.class),
        db.oneStatement(A, "select txid_current()", (ps, first) -> { }, ps -> {
          try (java.sql.ResultSet rs = ps.getResultSet()) {
            rs.next();
            return rs.getLong(1);
          }
        })});
    assertThat(transactions[1]).isEqualTo(transactions[0]);
  }

  private static String settingOutsideAnyScope() {
    String setting = db.platform(tx -> tx.resultQuery("select current_setting('app.tenant_id', true)").fetchOne(0, String.class));
    return Optional.ofNullable(setting).orElse("");
  }
}
