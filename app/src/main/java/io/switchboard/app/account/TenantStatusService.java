package io.switchboard.app.account;

import io.switchboard.app.audit.AuditLog;
import io.switchboard.app.plans.PlanCatalog;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/**
 * Suspends and reactivates workspaces (superadmin only). A suspended workspace cannot sign in, its
 * API tokens are refused and its workflows start nothing; reactivating undoes all three. Written
 * to the workspace's audit log.
 */
@Service
public class TenantStatusService {

  private final TenantDatabase db;
  private final AuditLog audit;
  private final PlanCatalog plans;
  private final Clock clock;

  public TenantStatusService(TenantDatabase db, AuditLog audit, PlanCatalog plans, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.plans = plans;
    this.clock = clock;
  }

  public void suspend(SwitchboardUser user, UUID tenantId) {
    change(user, tenantId, "suspended", "suspend workspaces");
  }

  public void reactivate(SwitchboardUser user, UUID tenantId) {
    change(user, tenantId, "active", "reactivate workspaces");
  }

  private void change(SwitchboardUser user, UUID tenantId, String status, String whatFor) {
    user.requireSuperadmin(whatFor);
    if (tenantId.equals(user.tenantId().value())) {
      throw ApiException.badRequest("own_workspace", "The platform's own workspace cannot be suspended.");
    }
    TenantId tenant = new TenantId(tenantId);
    int changed = db.inTenant(tenant, tx -> {
      int n = tx.update(TENANTS).set(TENANTS.STATUS, status)
          .set(TENANTS.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .where(TENANTS.ID.eq(tenantId)).execute();
      if (n > 0) {
        audit.record(tx, tenant, AuditLog.Actor.of(user), status.equals("active") ? "tenant.reactivated" : "tenant.suspended",
            "tenant", tenantId.toString(), Map.of());
      }
      return n;
    });
    if (changed == 0) {
      throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "There is no such workspace.");
    }
    plans.forget(tenant);
  }
}
