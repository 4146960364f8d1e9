package io.switchboard.app.audit;

import io.switchboard.app.security.Role;
import io.switchboard.app.security.SwitchboardUser;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.Condition;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.AUDIT_LOG;

/**
 * Reading a workspace's audit log, newest first, and its CSV export: what the owner sees through
 * the API and on the audit page alike.
 */
@Component
public class AuditTrail {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final int EXPORT_LIMIT = 100_000;

  private final TenantDatabase db;

  public AuditTrail(TenantDatabase db) {
    this.db = db;
  }

  public record Entry(long id, Instant at, UUID actorId, String actorEmail, String action, String targetType,
                      String targetId, JsonNode details, String requestId) {}

  /** Which entries: of one action, from and before moments (each optional). */
  public record Filter(Optional<String> action, Optional<Instant> from, Optional<Instant> before) {
    public static final Filter ALL = new Filter(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The owner's own workspace's entries. */
  public List<Entry> list(SwitchboardUser user, Filter filter, int limit) {
    user.require(Role.OWNER, "read the audit log");
    return entries(user.tenantId(), filter, limit);
  }

  /** The actions the owner's workspace's log holds, for choosing one. */
  public List<String> actions(SwitchboardUser user) {
    user.require(Role.OWNER, "read the audit log");
    return db.inTenant(user.tenantId(), tx -> tx.selectDistinct(AUDIT_LOG.ACTION).from(AUDIT_LOG)
        .where(AUDIT_LOG.TENANT_ID.eq(user.tenantId().value())).orderBy(AUDIT_LOG.ACTION).fetch(AUDIT_LOG.ACTION));
  }

  /** The owner's whole log (up to 100,000 entries) as CSV. */
  public String export(SwitchboardUser user) {
    user.require(Role.OWNER, "export the audit log");
    return csv(user.tenantId());
  }

  public List<Entry> entries(TenantId tenant, Filter filter, int limit) {
    Condition where = AUDIT_LOG.TENANT_ID.eq(tenant.value());
    if (filter.action().isPresent()) {
      where = where.and(AUDIT_LOG.ACTION.eq(filter.action().get()));
    }
    if (filter.from().isPresent()) {
      where = where.and(AUDIT_LOG.AT.ge(OffsetDateTime.ofInstant(filter.from().get(), ZoneOffset.UTC)));
    }
    if (filter.before().isPresent()) {
      where = where.and(AUDIT_LOG.AT.lt(OffsetDateTime.ofInstant(filter.before().get(), ZoneOffset.UTC)));
    }
    Condition chosen = where;
    int bounded = Math.max(1, Math.min(limit, EXPORT_LIMIT));
    return db.inTenant(tenant, tx -> tx.selectFrom(AUDIT_LOG).where(chosen).orderBy(AUDIT_LOG.ID.desc()).limit(bounded)
        .fetch(r -> new Entry(r.getId(), r.getAt().toInstant(), r.getActorId(), r.getActorEmail(), r.getAction(),
            r.getTargetType(), r.getTargetId(), JSON.readTree(r.getDetails().data()), r.getRequestId())));
  }

  /** A workspace's log as CSV, newest first, with spreadsheet formulas defused. */
  public String csv(TenantId tenant) {
    StringBuilder out = new StringBuilder("at,actor_email,action,target_type,target_id,details,request_id\n");
    for (Entry e : entries(tenant, Filter.ALL, EXPORT_LIMIT)) {
      out.append(cell(e.at().toString())).append(',').append(cell(e.actorEmail())).append(',').append(cell(e.action()))
          .append(',').append(cell(e.targetType())).append(',').append(cell(e.targetId())).append(',')
          .append(cell(e.details() == null ? "" : e.details().toString())).append(',').append(cell(e.requestId())).append('\n');
    }
    return out.toString();
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
