package io.switchboard.app.email;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.email.TrackingTokens;
import org.jooq.Record3;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.EMAIL_TRACKING_EVENTS;
import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * What the links in sent e-mails report: opens, clicks and unsubscribes, kept per message; the
 * first open, each click and the unsubscribe go on the contact's timeline, and an unsubscribe
 * opts the contact out of e-mail.
 */
@Component
public class EmailTracking {

  private final TenantDatabase db;
  private final ContactBook contacts;
  private final Clock clock;

  public EmailTracking(TenantDatabase db, ContactBook contacts, Clock clock) {
    this.db = db;
    this.contacts = contacts;
    this.clock = clock;
  }

  /** The e-mail a link belongs to. */
  record Sent(UUID id, Optional<UUID> contactId, String to, String subject) {}

  /** Records what a verified token reports; false when its message no longer exists. */
  public boolean record(TrackingTokens.Claims claims, String userAgent) {
    Optional<Sent> sent = message(claims);
    if (sent.isEmpty()) {
      return false;
    }
    String kind = switch (claims.kind()) {
      case OPEN -> "open";
      case CLICK -> "click";
      case UNSUBSCRIBE -> "unsubscribe";
    };
    boolean firstOfKind = db.inTenant(claims.tenant(), tx -> {
      boolean first = !tx.fetchExists(tx.selectOne().from(EMAIL_TRACKING_EVENTS)
          .where(EMAIL_TRACKING_EVENTS.MESSAGE_ID.eq(claims.messageId()).and(EMAIL_TRACKING_EVENTS.KIND.eq(kind))));
      tx.insertInto(EMAIL_TRACKING_EVENTS)
          .set(EMAIL_TRACKING_EVENTS.TENANT_ID, claims.tenant().value())
          .set(EMAIL_TRACKING_EVENTS.ID, UUID.randomUUID())
          .set(EMAIL_TRACKING_EVENTS.MESSAGE_ID, claims.messageId())
          .set(EMAIL_TRACKING_EVENTS.KIND, kind)
          .set(EMAIL_TRACKING_EVENTS.URL, claims.url().orElse(null))
          .set(EMAIL_TRACKING_EVENTS.USER_AGENT, userAgent == null ? "" : userAgent.length() > 300 ? userAgent.substring(0, 300) : userAgent)
          .set(EMAIL_TRACKING_EVENTS.AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
          .execute();
      return first;
    });
    Optional<UUID> contact = sent.get().contactId().or(() -> contacts.findByEmail(claims.tenant(), sent.get().to())
        .map(io.switchboard.nodes.crm.Contact::id));
    if (contact.isEmpty()) {
      return true;
    }
    ObjectNode details = JsonNodeFactory.instance.objectNode().put("event", kind);
    claims.url().ifPresent(u -> details.put("url", u));
    switch (claims.kind()) {
      case OPEN -> {
        if (firstOfKind) {
          contacts.recordActivity(claims.tenant(), contact.get(), new ContactBook.Activity("email",
              "Opened the e-mail \"" + sent.get().subject() + "\"", Optional.of(sent.get().id()), details));
        }
      }
      case CLICK -> contacts.recordActivity(claims.tenant(), contact.get(), new ContactBook.Activity("email",
          "Clicked " + claims.url().orElse("a link") + " in \"" + sent.get().subject() + "\"", Optional.of(sent.get().id()),
          details));
      case UNSUBSCRIBE -> contacts.setEmailOptOut(claims.tenant(), contact.get(), true,
          "unsubscribe link in \"" + sent.get().subject() + "\"");
    }
    return true;
  }

  private Optional<Sent> message(TrackingTokens.Claims claims) {
    Optional<Record3<UUID, String, String>> row = db.inTenant(claims.tenant(), tx -> tx
        .select(MESSAGES.CONTACT_ID, MESSAGES.TO_ADDRESS, MESSAGES.SUBJECT).from(MESSAGES)
        .where(MESSAGES.TENANT_ID.eq(claims.tenant().value()).and(MESSAGES.ID.eq(claims.messageId()))
            .and(MESSAGES.CHANNEL.eq("email")))
        .fetchOptional());
    return row.map(r -> new Sent(claims.messageId(), Optional.ofNullable(r.value1()), r.value2(),
        r.value3() == null ? "" : r.value3()));
  }
}
