package io.switchboard.engine.tenancy;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.Optional;
import java.util.function.Function;

/**
 * The only way Switchboard code reaches tenant data. {@link #inTenant} opens a transaction, sets
 * {@code app.tenant_id} for that transaction alone ({@code set_config(..., true)}), and runs the
 * work; PostgreSQL's row-level security then shows and accepts only that tenant's rows. The
 * setting ends with the transaction, so a pooled connection never carries it into other work.
 */
public final class TenantDatabase {

  /** The tenant and transaction this thread is working in. */
  private record Scope(TenantId tenant, DSLContext tx) {}

  private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

  private static final String SET_TENANT = "select set_config('app.tenant_id', ?, true)";

  private final DSLContext dsl;

  public TenantDatabase(DSLContext dsl) {
    this.dsl = dsl;
  }

  /** Runs {@code work} in a transaction scoped to {@code tenant}. Nested calls join the outer one. */
  public <T> T inTenant(TenantId tenant, Function<DSLContext, T> work) {
    Scope outer = CURRENT.get();
    if (outer != null) {
      if (!outer.tenant().equals(tenant)) {
        throw new IllegalStateException("work for tenant " + tenant + " started inside work for tenant " + outer.tenant());
      }
      return work.apply(outer.tx());
    }
    return dsl.transactionResult(configuration -> {
      DSLContext tx = DSL.using(configuration);
      // Plain JDBC: this runs at the start of every tenant transaction, so it skips jOOQ's rendering.
      tx.connection(c -> {
        try (java.sql.PreparedStatement ps = c.prepareStatement(SET_TENANT)) {
          ps.setString(1, tenant.toString());
          ps.execute();
        }
      });
      CURRENT.set(new Scope(tenant, tx));
      try {
        return work.apply(tx);
      } finally {
        CURRENT.remove();
      }
    });
  }

  /** Binds a statement's parameters, the first of them at {@code first}. */
  @FunctionalInterface
  public interface Binder {
    void bind(java.sql.PreparedStatement ps, int first) throws java.sql.SQLException;
  }

  /** Reads what the statement gave: the statement is positioned at its result (result set or count). */
  @FunctionalInterface
  public interface Reader<T> {
    T read(java.sql.PreparedStatement ps) throws java.sql.SQLException;
  }

  /**
   * Runs one statement for {@code tenant} in a single round trip to the database: the tenant's
   * setting and the statement are sent together and run in one implicit transaction (PostgreSQL's
   * extended protocol commits at the one Sync that ends them), so there is no BEGIN, no separate
   * {@code set_config} and no COMMIT to wait for — a third of the round trips of {@link #inTenant}.
   * The setting is local to that transaction, as in {@link #inTenant}. Inside work for the tenant it
   * joins that transaction. The pool's connections are in auto-commit outside such work (Switchboard
   * opens no other transactions); one that is not is refused rather than left holding the setting.
   */
  public <T> T oneStatement(TenantId tenant, String sql, Binder binder, Reader<T> reader) {
    if (CURRENT.get() != null) {
      return inTenant(tenant, tx -> tx.connectionResult(c -> run(c, sql, binder, reader, false, tenant)));
    }
    return dsl.connectionResult(c -> {
      if (!c.getAutoCommit()) {
        throw new IllegalStateException("one statement for a tenant needs a connection in auto-commit");
      }
      return run(c, withTenantSetting(sql), binder, reader, true, tenant);
    });
  }

  // The statements are the callers' constants, so each one's text with the setting before it is made once:
  // the same string every time, whose hash the driver's statement cache need not compute again.
  private final java.util.Map<String, String> withSetting = new java.util.concurrent.ConcurrentHashMap<>();

  private String withTenantSetting(String sql) {
    if (withSetting.size() > 1_000) {
      withSetting.clear(); // not expected: callers pass fixed SQL
    }
    return withSetting.computeIfAbsent(sql, s -> SET_TENANT + ";\n" + s);
  }

  private static <T> T run(java.sql.Connection c, String sql, Binder binder, Reader<T> reader, boolean withTenant,
                           TenantId tenant) throws java.sql.SQLException {
    try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      if (withTenant) {
        ps.setString(1, tenant.toString());
      }
      binder.bind(ps, withTenant ? 2 : 1);
      ps.execute();
      if (withTenant) {
        ps.getMoreResults(); // past set_config's row, to the statement's own result
      }
      return reader.read(ps);
    }
  }

  /** As {@link #inTenant(TenantId, Function)}, for work with no result. */
  public void runInTenant(TenantId tenant, java.util.function.Consumer<DSLContext> work) {
    inTenant(tenant, tx -> {
      work.accept(tx);
      return null;
    });
  }

  /**
   * Work that is not for one tenant: calling the narrow cross-tenant database functions (login by
   * e-mail, routing an inbound number). Plain queries here see no tenant rows at all.
   */
  public <T> T platform(Function<DSLContext, T> work) {
    if (CURRENT.get() != null) {
      throw new IllegalStateException("platform work started inside work for tenant " + CURRENT.get().tenant());
    }
    return dsl.transactionResult(configuration -> work.apply(DSL.using(configuration)));
  }

  /** The tenant whose transaction this thread is in, if any. */
  public static Optional<TenantId> current() {
    return Optional.ofNullable(CURRENT.get()).map(Scope::tenant);
  }
}
