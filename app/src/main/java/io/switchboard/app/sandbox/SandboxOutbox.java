package io.switchboard.app.sandbox;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.SANDBOX_OUTBOX;

/** What the sandbox channel "sent" for a workspace: every SMS, WhatsApp message, call, e-mail and payment. */
@Component
public class SandboxOutbox {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;
  private final Clock clock;

  public SandboxOutbox(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One entry: {@code channel} sms, whatsapp, call, email or payment; {@code request} as the provider API received it. */
  public record Entry(UUID id, String channel, String from, String to, Optional<String> subject, String body,
                      String providerId, JsonNode request, Instant createdAt) {}

  public Entry record(TenantId tenant, String channel, String from, String to, Optional<String> subject, String body,
                      String providerId, JsonNode request) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(tenant, tx -> tx.insertInto(SANDBOX_OUTBOX)
        .set(SANDBOX_OUTBOX.TENANT_ID, tenant.value())
        .set(SANDBOX_OUTBOX.ID, id)
        .set(SANDBOX_OUTBOX.CHANNEL, channel)
        .set(SANDBOX_OUTBOX.FROM_ADDRESS, from)
        .set(SANDBOX_OUTBOX.TO_ADDRESS, to)
        .set(SANDBOX_OUTBOX.SUBJECT, subject.orElse(null))
        .set(SANDBOX_OUTBOX.BODY, body)
        .set(SANDBOX_OUTBOX.PROVIDER_ID, providerId)
        .set(SANDBOX_OUTBOX.REQUEST, JSONB.valueOf(JSON.writeValueAsString(request)))
        .set(SANDBOX_OUTBOX.CREATED_AT, now)
        .execute());
    return new Entry(id, channel, from, to, subject, body, providerId, request, now.toInstant());
  }

  /**
   * The entries as someone of {@code role} may see them: an e-mail Switchboard itself sent (tagged
   * {@code switchboard_mail}, such as an invitation link) shows its body only to admins and owners,
   * since a member could otherwise take up a link meant for someone else.
   */
  private static List<Entry> visibleTo(io.switchboard.app.security.Role role, List<Entry> entries) {
    if (role.atLeast(io.switchboard.app.security.Role.ADMIN)) {
      return entries;
    }
    return entries.stream().map(e -> {
      String kind = e.request().path("personalizations").path(0).path("custom_args").path("switchboard_mail").asString("");
      if (!e.channel().equals("email") || kind.isEmpty()) {
        return e;
      }
      return new Entry(e.id(), e.channel(), e.from(), e.to(), e.subject(),
          "(An e-mail from Switchboard with a personal link: only admins and owners see its text.)", e.providerId(),
          JSON.createObjectNode().put("switchboard_mail", kind), e.createdAt());
    }).toList();
  }

  /** The caller's workspace's outbox as the caller may see it, newest first; {@code channel} empty for all. */
  public List<Entry> list(io.switchboard.app.security.SwitchboardUser user, Optional<String> channel, int limit) {
    return visibleTo(user.role(), list(user.tenantId(), channel, limit));
  }

  private List<Entry> list(TenantId tenant, Optional<String> channel, int limit) {
    return db.inTenant(tenant, tx -> tx.selectFrom(SANDBOX_OUTBOX)
        .where(channel.map(SANDBOX_OUTBOX.CHANNEL::eq).orElse(org.jooq.impl.DSL.noCondition()))
        .orderBy(SANDBOX_OUTBOX.CREATED_AT.desc(), SANDBOX_OUTBOX.ID)
        .limit(Math.max(1, Math.min(limit, 500)))
        .fetch())
        .map(r -> new Entry(r.getId(), r.getChannel(), r.getFromAddress(), r.getToAddress(), Optional.ofNullable(r.getSubject()),
            r.getBody(), r.getProviderId(), JSON.readTree(r.getRequest().data()), r.getCreatedAt().toInstant()));
  }
}
