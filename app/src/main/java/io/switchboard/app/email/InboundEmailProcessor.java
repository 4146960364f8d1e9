package io.switchboard.app.email;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.app.messaging.PostgresMessageLog;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.email.EmailEvents;
import io.switchboard.nodes.messaging.MessageLog;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;
import java.util.UUID;


/**
 * A reply to one of the workspace's e-mails: the sender becomes (or is) a contact, the reply is kept
 * as an inbound message on their timeline, and workflows waiting on {@code email:<address>} resume
 * with {@code event: replied}.
 */
@Component
public class InboundEmailProcessor implements ProviderEventProcessor {

  private final PostgresMessageLog messages;
  private final ContactBook contacts;
  private final ExecutionRunner runner;

  public InboundEmailProcessor(PostgresMessageLog messages, ContactBook contacts, ExecutionRunner runner) {
    this.messages = messages;
    this.contacts = contacts;
    this.runner = runner;
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
    UUID id = messages.recordInbound(tenant, new PostgresMessageLog.Inbound(MessageLog.Channel.EMAIL, contact.id(), from,
        e.path("to").asString(""), Optional.of(subject), text, "sendgrid", e.path("message_id").asString(""), event.id(),
        "E-mail received: " + (subject.isBlank() ? text : subject)));
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
