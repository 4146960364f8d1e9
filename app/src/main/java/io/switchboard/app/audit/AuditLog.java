package io.switchboard.app.audit;

import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.app.web.RequestIdFilter;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.AUDIT_LOG;

/**
 * Who changed what. Written inside the same transaction as the change, so a change and its
 * audit entry land together or not at all. The application may insert but never edit entries.
 */
@Component
public class AuditLog {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Who acted: a user, or the platform itself (first start, scheduled jobs). */
  public record Actor(UUID userId, String email) {
    public static final Actor SYSTEM = new Actor(null, "system");

    public static Actor of(SwitchboardUser user) {
      return new Actor(user.userId(), user.email());
    }
  }

  /** An entry for something the signed-in {@code user} did in their own workspace. */
  public void record(DSLContext tx, SwitchboardUser user, String action, String targetType, String targetId,
                     Map<String, ?> details) {
    record(tx, user.tenantId(), Actor.of(user), action, targetType, targetId, details);
  }

  public void record(DSLContext tx, TenantId tenant, Actor actor, String action, String targetType, String targetId,
                     Map<String, ?> details) {
    tx.insertInto(AUDIT_LOG)
        .set(AUDIT_LOG.TENANT_ID, tenant.value())
        .set(AUDIT_LOG.ACTOR_ID, actor.userId())
        .set(AUDIT_LOG.ACTOR_EMAIL, actor.email())
        .set(AUDIT_LOG.ACTION, action)
        .set(AUDIT_LOG.TARGET_TYPE, targetType)
        .set(AUDIT_LOG.TARGET_ID, targetId)
        .set(AUDIT_LOG.DETAILS, JSONB.valueOf(JSON.writeValueAsString(details)))
        .set(AUDIT_LOG.REQUEST_ID, MDC.get(RequestIdFilter.REQUEST_ID))
        .execute();
  }
}
