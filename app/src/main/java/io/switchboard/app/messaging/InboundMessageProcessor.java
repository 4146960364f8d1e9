package io.switchboard.app.messaging;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.runner.ExecutionRunner;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.messaging.InboundMessageTrigger;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.nodes.messaging.WaitForReply;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;


/**
 * An SMS or WhatsApp message arrived on one of the workspace's numbers: the sender becomes (or is
 * found as) a contact, the message goes on record and on their timeline; STOP and START change
 * their opt-out; a reply some execution is waiting for resumes it; otherwise the workflow
 * connected to the number starts.
 */
@Component
public class InboundMessageProcessor implements ProviderEventProcessor {

  static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT");
  static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "OPTIN");

  private final PostgresMessageLog messageLog;
  private final ContactBook contacts;
  private final PhoneNumberDirectory numbers;
  private final ExecutionRunner runner;
  private final BoundWorkflows workflows;

  public InboundMessageProcessor(PostgresMessageLog messageLog, ContactBook contacts, PhoneNumberDirectory numbers,
                                 ExecutionRunner runner, BoundWorkflows workflows) {
    this.messageLog = messageLog;
    this.contacts = contacts;
    this.numbers = numbers;
    this.runner = runner;
    this.workflows = workflows;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "twilio".equals(provider) && "message".equals(type);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) throws Exception {
    TenantId tenant = event.tenant();
    JsonNode p = event.payload();
    boolean whatsapp = p.path("From").asString("").startsWith("whatsapp:");
    MessageLog.Channel channel = whatsapp ? MessageLog.Channel.WHATSAPP : MessageLog.Channel.SMS;
    String from = PhoneNumbers.normalise(p.path("From").asString("")).orElseThrow(() ->
        new Ignored("the sender's number \"" + p.path("From").asString("") + "\" is not a phone number"));
    String to = PhoneNumbers.normalise(p.path("To").asString("")).orElseThrow(() -> new Ignored("no destination number"));
    String body = p.path("Body").asString("");
    String sid = p.path("MessageSid").asString(p.path("SmsSid").asString(""));

    Contact contact = contacts.findByPhone(tenant, from)
        .orElseGet(() -> createContact(tenant, from));
    UUID messageId = recordInbound(tenant, channel, contact, from, to, body, sid, event.id());

    String keyword = body.strip().toUpperCase(Locale.ROOT);
    if (STOP_WORDS.contains(keyword)) {
      contacts.setSmsOptOut(tenant, contact.id(), true, "replied " + keyword + " to " + to);
      return "Opted " + from + " out of messages (they replied " + keyword + ")";
    }
    if (START_WORDS.contains(keyword)) {
      contacts.setSmsOptOut(tenant, contact.id(), false, "replied " + keyword + " to " + to);
      return "Opted " + from + " back in to messages";
    }

    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("channel", channel.code());
    payload.put("from", from);
    payload.put("to", to);
    payload.put("body", body);
    payload.put("message_sid", sid);
    payload.put("message_id", messageId.toString());
    var media = payload.putArray("media");
    int count = p.path("NumMedia").asInt(0);
    for (int i = 0; i < Math.min(count, 10); i++) {
      String url = p.path("MediaUrl" + i).asString("");
      if (!url.isEmpty()) {
        media.add(url);
      }
    }
    payload.set("contact", contacts.find(tenant, contact.id()).orElse(contact).toJson());

    int resumed = runner.deliver(tenant, WaitForReply.eventKey(channel, from), payload);
    if (resumed > 0) {
      return "Reply from " + from + " resumed " + resumed + " waiting execution" + (resumed == 1 ? "" : "s");
    }
    PhoneNumberDirectory.Number number = numbers.find(tenant, to).orElseThrow(() -> new Ignored(to + " is no longer in the workspace"));
    if (number.workflowId().isEmpty()) {
      throw new Ignored("No workflow is connected to " + to + "; the message is kept on the contact's timeline");
    }
    try {
      ExecutionRecord started = workflows.start(tenant, number.workflowId().get(), InboundMessageTrigger.KEY,
          node -> accepts(node.config().path("channel").asString("any"), channel), "sms", payload);
      return "Started execution " + started.id() + " for the message from " + from;
    } catch (BoundWorkflows.NotStarted e) {
      throw new Ignored("Nothing started: " + e.getMessage());
    }
  }

  private static boolean accepts(String wanted, MessageLog.Channel channel) {
    return wanted.isBlank() || "any".equals(wanted) || wanted.equals(channel.code());
  }

  private Contact createContact(TenantId tenant, String phone) {
    try {
      return contacts.createSender(tenant, ContactChanges.none().withPhone(phone));
    } catch (ContactBook.InvalidContact e) {
      throw new IllegalStateException(e);
    }
  }

  private UUID recordInbound(TenantId tenant, MessageLog.Channel channel, Contact contact, String from, String to,
                             String body, String sid, UUID eventId) {
    return messageLog.recordInbound(tenant, new PostgresMessageLog.Inbound(channel, contact.id(), from, to, Optional.empty(),
        body, "twilio", sid, eventId,
        (channel == MessageLog.Channel.WHATSAPP ? "WhatsApp message received: " : "SMS received: ") + body));
  }

}
