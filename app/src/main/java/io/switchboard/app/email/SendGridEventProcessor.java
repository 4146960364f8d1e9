package io.switchboard.app.email;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.nodes.email.EmailEvents;
import org.jooq.Record3;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * SendGrid delivery events: {@code delivered}, {@code bounce} and {@code dropped} (bounced),
 * {@code spamreport} (spam) and {@code unsubscribe} / {@code group_unsubscribe} (unsubscribed) set
 * the message's status; spam reports and unsubscribes also opt the contact out of e-mail. The
 * message is found by the id the e-mail node gave SendGrid ({@code switchboard_message}), else by
 * SendGrid's message id. A final status is never turned back into "delivered".
 */
@Component
public class SendGridEventProcessor implements ProviderEventProcessor {

  private static final Set<String> FINAL = Set.of("bounced", "spam", "unsubscribed");

  private final TenantDatabase db;
  private final ContactBook contacts;
  private final Clock clock;
  private final ExecutionRunner runner;

  public SendGridEventProcessor(TenantDatabase db, ContactBook contacts, Clock clock, ExecutionRunner runner) {
    this.db = db;
    this.contacts = contacts;
    this.clock = clock;
    this.runner = runner;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "sendgrid".equals(provider);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) throws Exception {
    JsonNode e = event.payload();
    String type = event.type();
    String status;
    Optional<String> error = Optional.empty();
    switch (type) {
      case "delivered" -> status = "delivered";
      case "bounce", "dropped" -> {
        status = "bounced";
        error = Optional.of(("dropped".equals(type) ? "SendGrid dropped the e-mail" : "The e-mail bounced")
            + Optional.of(e.path("reason").asString("")).filter(r -> !r.isBlank()).map(r -> ": " + r).orElse("."));
      }
      case "spamreport" -> status = "spam";
      case "unsubscribe", "group_unsubscribe" -> status = "unsubscribed";
      default -> throw new Ignored("SendGrid " + type + " events change nothing here.");
    }
    Optional<String> tenantArg = Optional.of(e.path("switchboard_tenant").asString("")).filter(s -> !s.isEmpty());
    if (tenantArg.isPresent() && !tenantArg.get().equals(event.tenant().value().toString())) {
      throw new Ignored("The event names another workspace's message.");
    }
    Optional<Record3<UUID, UUID, String>> message = find(event.tenant(), e);
    if (message.isEmpty()) {
      throw new Ignored("No e-mail of this workspace matches the event.");
    }
    UUID messageId = message.get().value1();
    String current = message.get().value3();
    String finalStatus = status;
    Optional<String> finalError = error;
    boolean changed = !FINAL.contains(current) || !"delivered".equals(status);
    if (changed) {
      db.runInTenant(event.tenant(), tx -> {
        var update = tx.update(MESSAGES).set(MESSAGES.STATUS, finalStatus)
            .set(MESSAGES.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        if (finalError.isPresent()) {
          update = update.set(MESSAGES.ERROR, finalError.get());
        }
        update.where(MESSAGES.ID.eq(messageId)).execute();
      });
    }
    String what = "E-mail " + messageId + (changed ? " marked " + status : " stays " + current);
    if ("spam".equals(status) || "unsubscribed".equals(status)) {
      Optional<UUID> contact = Optional.ofNullable(message.get().value2())
          .or(() -> contacts.findByEmail(event.tenant(), e.path("email").asString("")).map(Contact::id));
      if (contact.isPresent()) {
        contacts.setEmailOptOut(event.tenant(), contact.get(), true,
            "spam".equals(status) ? "SendGrid: marked as spam" : "SendGrid: unsubscribed");
        what += "; contact opted out of e-mail";
      }
    }
    if (FINAL.contains(status)) {
      // sequences waiting on this address stop: it bounced, unsubscribed or called the e-mail spam
      Optional<String> address = EmailEvents.address(e.path("email").asString(""));
      if (address.isPresent()) {
        ObjectNode told = JsonNodeFactory.instance.objectNode();
        told.put("event", status);
        told.put("email", address.get());
        told.put("message_id", messageId.toString());
        finalError.ifPresent(r -> told.put("reason", r));
        int resumed = runner.deliver(event.tenant(), EmailEvents.key(address.get()), told);
        what += resumed > 0 ? "; told " + resumed + " waiting execution" + (resumed == 1 ? "" : "s") : "";
      }
    }
    return what;
  }

  private Optional<Record3<UUID, UUID, String>> find(TenantId tenant, JsonNode e) {
    Optional<UUID> ours;
    try {
      ours = Optional.of(e.path("switchboard_message").asString("")).filter(s -> !s.isEmpty()).map(UUID::fromString);
    } catch (IllegalArgumentException bad) {
      ours = Optional.empty();
    }
    // SendGrid's sg_message_id is the X-Message-Id it answered, followed by ".filter…"
    String sendGridId = e.path("sg_message_id").asString("");
    String providerId = sendGridId.contains(".") ? sendGridId.substring(0, sendGridId.indexOf('.')) : sendGridId;
    Optional<UUID> byOurs = ours;
    return db.inTenant(tenant, tx -> tx.select(MESSAGES.ID, MESSAGES.CONTACT_ID, MESSAGES.STATUS).from(MESSAGES)
        .where(MESSAGES.TENANT_ID.eq(tenant.value()).and(MESSAGES.CHANNEL.eq("email")))
        .and(byOurs.map(MESSAGES.ID::eq).orElseGet(() -> providerId.isEmpty()
            ? org.jooq.impl.DSL.falseCondition() : MESSAGES.PROVIDER_ID.eq(providerId)))
        .limit(1).fetchOptional());
  }
}
