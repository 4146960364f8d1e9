package io.switchboard.app.audit;

import io.switchboard.app.security.CurrentUser;
import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.AUDIT_LOG;

/** The workspace's audit log, newest first, for its owner. */
@RestController
@RequestMapping("/api/v1/audit-log")
public class AuditController {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;

  public AuditController(TenantDatabase db) {
    this.db = db;
  }

  public record Entry(long id, Instant at, UUID actorId, String actorEmail, String action, String targetType,
                      String targetId, JsonNode details, String requestId) {}

  @GetMapping
  public List<Entry> list(@RequestParam(name = "limit", defaultValue = "100") int limit) {
    SwitchboardUser user = CurrentUser.require();
    user.require(Role.OWNER, "read the audit log");
    int bounded = Math.max(1, Math.min(limit, 1000));
    return db.inTenant(user.tenantId(), tx -> tx.selectFrom(AUDIT_LOG)
        .where(AUDIT_LOG.TENANT_ID.eq(user.tenantId().value()))
        .orderBy(AUDIT_LOG.ID.desc()).limit(bounded)
        .fetch(r -> new Entry(r.getId(), r.getAt().toInstant(), r.getActorId(), r.getActorEmail(), r.getAction(),
            r.getTargetType(), r.getTargetId(), JSON.readTree(r.getDetails().data()), r.getRequestId())));
  }
}
