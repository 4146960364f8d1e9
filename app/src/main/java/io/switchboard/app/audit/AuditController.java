package io.switchboard.app.audit;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.AUDIT_LOG;
import static io.switchboard.schema.jooq.Tables.TENANTS;

/** The workspace's audit log, newest first, for its owner (and any workspace's for the superadmin); also as CSV. */
@RestController
@RequestMapping("/api/v1/audit-log")
public class AuditController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;
  private final AuditLog audit;

  public AuditController(TenantDatabase db, AuditLog audit) {
    this.db = db;
    this.audit = audit;
  }

  public record Entry(long id, Instant at, UUID actorId, String actorEmail, String action, String targetType,
                      String targetId, JsonNode details, String requestId) {}

  @GetMapping
  public List<Entry> list(@RequestParam(name = "limit", defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "read the audit log");
    return entries(user.tenantId(), Math.max(1, Math.min(limit, 1000)));
  }

  /** The whole audit log (up to 100,000 entries) as a CSV file, for the owner. */
  @GetMapping(path = "/export", produces = "text/csv")
  public ResponseEntity<String> export() {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "export the audit log");
    return csv(user.tenantId(), "audit-log");
  }

  /** A workspace's audit log for the superadmin; reading it is itself audited in that workspace. */
  @GetMapping("/tenants/{tenantId}")
  public List<Entry> ofTenant(@PathVariable UUID tenantId, @RequestParam(name = "limit", defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("read a workspace's audit log");
    TenantId tenant = readBySuperadmin(user, tenantId, "audit_log.read_by_superadmin");
    return entries(tenant, Math.max(1, Math.min(limit, 1000)));
  }

  @GetMapping(path = "/tenants/{tenantId}/export", produces = "text/csv")
  public ResponseEntity<String> exportTenant(@PathVariable UUID tenantId) {
    SwitchboardUser user = CurrentUser.require();
    user.requireSuperadmin("export a workspace's audit log");
    return csv(readBySuperadmin(user, tenantId, "audit_log.exported_by_superadmin"), "audit-log-" + tenantId);
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

  private List<Entry> entries(TenantId tenant, int limit) {
    return db.inTenant(tenant, tx -> tx.selectFrom(AUDIT_LOG)
        .where(AUDIT_LOG.TENANT_ID.eq(tenant.value()))
        .orderBy(AUDIT_LOG.ID.desc()).limit(limit)
        .fetch(r -> new Entry(r.getId(), r.getAt().toInstant(), r.getActorId(), r.getActorEmail(), r.getAction(),
            r.getTargetType(), r.getTargetId(), JSON.readTree(r.getDetails().data()), r.getRequestId())));
  }

  private ResponseEntity<String> csv(TenantId tenant, String fileName) {
    StringBuilder out = new StringBuilder("at,actor_email,action,target_type,target_id,details,request_id\n");
    for (Entry e : entries(tenant, 100_000)) {
      out.append(cell(e.at().toString())).append(',').append(cell(e.actorEmail())).append(',').append(cell(e.action()))
          .append(',').append(cell(e.targetType())).append(',').append(cell(e.targetId())).append(',')
          .append(cell(e.details() == null ? "" : e.details().toString())).append(',').append(cell(e.requestId())).append('\n');
    }
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + ".csv\"")
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)).body(out.toString());
  }

  /** A CSV cell: quoted, quotes doubled, and a leading = + - @ defused so spreadsheets do not run it as a formula. */
  static String cell(String value) {
    String v = value == null ? "" : value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    return "\"" + v.replace("\"", "\"\"") + "\"";
  }
}
