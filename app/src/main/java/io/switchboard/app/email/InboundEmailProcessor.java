package io.switchboard.app.email;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.email.EmailEvents;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * A reply to one of the workspace's e-mails: the sender becomes (or is) a contact, the reply is kept
 * as an inbound message on their timeline, and workflows waiting on {@code email:<address>} resume
 * with {@code event: replied}.
 */
@Component
public class InboundEmailProcessor implements ProviderEventProcessor {

  private final TenantDatabase db;
  private final ContactBook contacts;
  private final ExecutionRunner runner;
  private final Clock clock;

  public InboundEmailProcessor(TenantDatabase db, ContactBook contacts, ExecutionRunner runner, Clock clock) {
    this.db = db;
    this.contacts = contacts;
    this.runner = runner;
    this.clock = clock;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "sendgrid-inbound".equals(provider);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) throws Exception {
    JsonNode e = event.payload();
    TenantId tenant = event.tenant();
    String from = EmailEvents.address(e.path("from").asString(""))
        .orElseThrow(() -> new Ignored("The sender '" + e.path("from").asString("") + "' is not an e-mail address."));
    Optional<Contact> known = contacts.findByEmail(tenant, from);
    Contact contact = known.isPresent() ? known.get() : contacts.createSender(tenant, ContactChanges.none().withEmail(from));
    String subject = e.path("subject").asString("");
    String text = e.path("text").asString("");
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    db.runInTenant(tenant, tx -> {
      tx.insertInto(MESSAGES)
          .set(MESSAGES.TENANT_ID, tenant.value())
          .set(MESSAGES.ID, id)
          .set(MESSAGES.CONTACT_ID, contact.id())
          .set(MESSAGES.CHANNEL, "email")
          .set(MESSAGES.DIRECTION, "inbound")
          .set(MESSAGES.FROM_ADDRESS, from)
          .set(MESSAGES.TO_ADDRESS, e.path("to").asString(""))
          .set(MESSAGES.SUBJECT, subject)
          .set(MESSAGES.BODY, text)
          .set(MESSAGES.STATUS, "received")
          .set(MESSAGES.PROVIDER_ID, e.path("message_id").asString(""))
          .set(MESSAGES.PROVIDER, "sendgrid")
          .set(MESSAGES.DETAILS, JSONB.valueOf("{\"event\":\"" + event.id() + "\"}"))
          .set(MESSAGES.CREATED_AT, now)
          .set(MESSAGES.UPDATED_AT, now)
          .execute();
      String shown = (subject.isBlank() ? text : subject);
      shown = shown.length() > 160 ? shown.substring(0, 160) + "…" : shown;
      contacts.recordActivity(tenant, contact.id(), new ContactBook.Activity("message", "E-mail received: " + shown,
          Optional.of(id), JsonNodeFactory.instance.objectNode().put("direction", "inbound").put("channel", "email")));
    });
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("event", "replied");
    payload.put("email", from);
    payload.put("subject", subject);
    payload.put("text", text);
    payload.put("message_id", id.toString());
    payload.set("contact", contacts.find(tenant, contact.id()).orElse(contact).toJson());
    int resumed = runner.deliver(tenant, EmailEvents.key(from), payload);
    return "E-mail reply from " + from + " kept; resumed " + resumed + " waiting execution" + (resumed == 1 ? "" : "s");
  }
}
