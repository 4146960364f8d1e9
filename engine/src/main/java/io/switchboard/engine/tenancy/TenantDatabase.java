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
