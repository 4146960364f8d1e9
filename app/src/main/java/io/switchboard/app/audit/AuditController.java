package io.switchboard.app.audit;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.app.web.ApiException;
import io.switchboard.engine.tenancy.TenantId;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.TENANTS;

/** The workspace's audit log, newest first, for its owner (and any workspace's for the superadmin); also as CSV. */
@RestController
@RequestMapping("/api/v1/audit-log")
public class AuditController {

  private final TenantDatabase db;
  private final AuditLog audit;
  private final AuditTrail trail;

  public AuditController(TenantDatabase db, AuditLog audit, AuditTrail trail) {
    this.db = db;
    this.audit = audit;
    this.trail = trail;
  }

  @GetMapping
  public List<AuditTrail.Entry> list(@RequestParam(name = "limit", defaultValue = "100") int limit) {
    return trail.list(CurrentUser.require(), AuditTrail.Filter.ALL, Math.max(1, Math.min(limit, 1000)));
  }

  /** The whole audit log (up to 100,000 entries) as a CSV file, for the owner. */
  @GetMapping(path = "/export", produces = "text/csv")
  public ResponseEntity<String> export() {
    return csv(trail.export(CurrentUser.require()), "audit-log");
  }

  /** A workspace's audit log for the superadmin; reading it is itself audited in that workspace. */
  @GetMapping("/tenants/{tenantId}")
  public List<AuditTrail.Entry> ofTenant(@PathVariable UUID tenantId, @RequestParam(name = "limit", defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("read a workspace's audit log");
    TenantId tenant = readBySuperadmin(user, tenantId, "audit_log.read_by_superadmin");
    return trail.entries(tenant, AuditTrail.Filter.ALL, Math.max(1, Math.min(limit, 1000)));
  }

  @GetMapping(path = "/tenants/{tenantId}/export", produces = "text/csv")
  public ResponseEntity<String> exportTenant(@PathVariable UUID tenantId) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("export a workspace's audit log");
    return csv(trail.csv(readBySuperadmin(user, tenantId, "audit_log.exported_by_superadmin")), "audit-log-" + tenantId);
  }

  private TenantId readBySuperadmin(SwitchboardUser user, UUID tenantId, String action) {
    TenantId tenant = new TenantId(tenantId);
    boolean exists = db.inTenant(tenant, tx -> tx.fetchExists(TENANTS, TENANTS.ID.eq(tenantId)));
    if (!exists) {
      throw ApiException.notFound("workspace");
    }
    db.runInTenant(tenant, tx -> audit.record(tx, tenant, new AuditLog.Actor(user.userId(), user.email()), action,
        "tenant", tenantId.toString(), java.util.Map.of()));
    return tenant;
  }

  private static ResponseEntity<String> csv(String body, String fileName) {
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + ".csv\"")
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)).body(body);
  }
}
