package io.switchboard.app.messaging;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.messaging.MessageLog;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/** Message records on PostgreSQL; each outbound message also goes on its contact's timeline. */
@Component
public class PostgresMessageLog implements MessageLog {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;
  private final ContactBook contacts;
  private final Clock clock;

  public static final String MESSAGES_PER_DAY = "messages_per_day";

  private final io.switchboard.app.plans.PlanCatalog plans;
  private final io.switchboard.app.plans.UsageMeter counters;

  public PostgresMessageLog(TenantDatabase db, ContactBook contacts, Clock clock, io.switchboard.app.plans.PlanCatalog plans,
                            io.switchboard.app.plans.UsageMeter counters) {
    this.db = db;
    this.contacts = contacts;
    this.clock = clock;
    this.plans = plans;
    this.counters = counters;
  }

  /**
   * Records a message about to go out, within the plan's messages a day (every channel counts):
   * past it the step is refused with the reason, and nothing is sent.
   */
  @Override
  public UUID recordOutbound(TenantId tenant, Outbound m) {
    io.switchboard.app.plans.PlanCatalog.Plan plan = plans.workspace(tenant).plan();
    java.util.Optional<Long> limit = plan.limit(MESSAGES_PER_DAY);
    if (limit.isPresent() && !counters.take(tenant, MESSAGES_PER_DAY, io.switchboard.app.plans.UsageMeter.Period.DAY, 1,
        limit.get())) {
      throw new io.switchboard.engine.spi.NodeFailure.Refused("quota_exceeded", "your " + plan.name() + " plan allows "
          + limit.get() + " messages a day and today's are sent; messages go again tomorrow (UTC), or upgrade the plan.");
    }
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(tenant, tx -> {
      tx.insertInto(MESSAGES)
          .set(MESSAGES.TENANT_ID, tenant.value())
          .set(MESSAGES.ID, id)
          .set(MESSAGES.CONTACT_ID, m.contactId().orElse(null))
          .set(MESSAGES.EXECUTION_ID, m.executionId().orElse(null))
          .set(MESSAGES.CHANNEL, m.channel().code())
          .set(MESSAGES.DIRECTION, "outbound")
          .set(MESSAGES.FROM_ADDRESS, m.from())
          .set(MESSAGES.TO_ADDRESS, m.to())
          .set(MESSAGES.SUBJECT, m.subject().orElse(null))
          .set(MESSAGES.BODY, m.body())
          .set(MESSAGES.STATUS, "queued")
          .set(MESSAGES.PROVIDER, m.provider())
          .set(MESSAGES.DETAILS, JSONB.valueOf(JSON.writeValueAsString(m.details())))
          .set(MESSAGES.CREATED_AT, now)
          .set(MESSAGES.UPDATED_AT, now)
          .execute();
      m.contactId().ifPresent(contact -> contacts.recordActivity(tenant, contact, new ContactBook.Activity(
          m.channel() == Channel.CALL ? "call" : m.channel() == Channel.EMAIL ? "email" : "message",
          summary(m), Optional.of(id), JsonNodeFactory.instance.objectNode().put("direction", "outbound")
              .put("channel", m.channel().code()))));
    });
    return id;
  }

  @Override
  public void update(TenantId tenant, UUID messageId, String status, Optional<String> providerId, Optional<String> error) {
    db.runInTenant(tenant, tx -> {
      var update = tx.update(MESSAGES).set(MESSAGES.STATUS, status)
          .set(MESSAGES.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      if (providerId.isPresent()) {
        update = update.set(MESSAGES.PROVIDER_ID, providerId.get());
      }
      if (error.isPresent()) {
        update = update.set(MESSAGES.ERROR, error.get());
      }
      update.where(MESSAGES.ID.eq(messageId)).execute();
    });
  }

  private static String summary(Outbound m) {
    String what = switch (m.channel()) {
      case SMS -> "SMS sent";
      case WHATSAPP -> "WhatsApp message sent";
      case EMAIL -> "E-mail sent" + m.subject().map(s -> ": " + s).orElse("");
      case CALL -> "Call placed";
    };
    String body = m.body().length() > 160 ? m.body().substring(0, 160) + "…" : m.body();
    return m.channel() == Channel.EMAIL ? what : what + ": " + body;
  }

  /**
   * A message a contact sent (an SMS, a WhatsApp message, an e-mail reply): kept as received, with
   * the provider event it came in, and on the contact's timeline as {@code timeline}. Returns its id.
   */
  public UUID recordInbound(TenantId tenant, Inbound m) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(tenant, tx -> {
      tx.insertInto(MESSAGES)
          .set(MESSAGES.TENANT_ID, tenant.value())
          .set(MESSAGES.ID, id)
          .set(MESSAGES.CONTACT_ID, m.contactId())
          .set(MESSAGES.CHANNEL, m.channel().code())
          .set(MESSAGES.DIRECTION, "inbound")
          .set(MESSAGES.FROM_ADDRESS, m.from())
          .set(MESSAGES.TO_ADDRESS, m.to())
          .set(MESSAGES.SUBJECT, m.subject().orElse(null))
          .set(MESSAGES.BODY, m.body())
          .set(MESSAGES.STATUS, "received")
          .set(MESSAGES.PROVIDER_ID, m.providerId())
          .set(MESSAGES.PROVIDER, m.provider())
          .set(MESSAGES.DETAILS, JSONB.valueOf("{\"event\":\"" + m.eventId() + "\"}"))
          .set(MESSAGES.CREATED_AT, now)
          .set(MESSAGES.UPDATED_AT, now)
          .execute();
      String shown = m.timeline().length() > 160 ? m.timeline().substring(0, 160) + "…" : m.timeline();
      contacts.recordActivity(tenant, m.contactId(), new ContactBook.Activity("message", shown, Optional.of(id),
          JsonNodeFactory.instance.objectNode().put("direction", "inbound").put("channel", m.channel().code())));
    });
    return id;
  }

  /** An inbound message as recorded; {@code timeline} is how the contact's timeline says it. */
  public record Inbound(Channel channel, UUID contactId, String from, String to, Optional<String> subject, String body,
                        String provider, String providerId, UUID eventId, String timeline) {}
}
