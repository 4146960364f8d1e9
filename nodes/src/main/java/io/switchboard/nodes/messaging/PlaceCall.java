package io.switchboard.nodes.messaging;

import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.engine.spi.Credential;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Places an outbound phone call through Twilio that speaks a message; the call's end arrives later
 * as a call-ended event. Opted-out contacts are not called.
 */
public final class PlaceCall extends BasicNodeType<PlaceCall.Config> {

  public static final String KEY = "call.place@1";

  public record Config(
      @FieldInfo(title = "To", kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.phone }}") String to,
      @FieldInfo(title = "What to say", help = "Read out by a voice when the call is answered.", kind = FieldKind.TEMPLATE,
          required = true) String message,
      @FieldInfo(title = "From number", kind = FieldKind.PHONE) String from,
      @FieldInfo(title = "Twilio account", kind = FieldKind.CREDENTIAL, credentialType = "twilio") String credentialId) {}

  private final ContactBook contacts;
  private final MessageLog messages;
  private final TwilioAccounts accounts;
  private final TwilioMessaging twilio;

  public PlaceCall(ContactBook contacts, MessageLog messages, TwilioAccounts accounts, TwilioMessaging twilio) {
    super(Config.class, describe(KEY, "Place call", "Messaging",
        "Calls a number and reads out a message (through Twilio, or the sandbox).", NodeKind.ACTION,
        Set.of("to", "message"), Set.of(), Set.of("to", "message", "from")), List.of(PortSpec.of("out")));
    this.contacts = contacts;
    this.messages = messages;
    this.accounts = accounts;
    this.twilio = twilio;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<String> to = PhoneNumbers.normalise(config.to());
    if (to.isEmpty()) {
      return NodeResult.fail("invalid_number", "\"" + context.nodeName() + "\" can't call \""
          + (config.to() == null ? "" : config.to().strip()) + "\": a phone number looks like +15551234567.", false);
    }
    String say = config.message() == null ? "" : config.message().strip();
    if (say.isEmpty() || say.length() > 4000) {
      return NodeResult.fail("invalid_message", "\"" + context.nodeName() + "\" needs something to say (at most 4,000 characters).", false);
    }
    Optional<Credential> credential = Optional.empty();
    if (config.credentialId() != null && !config.credentialId().isBlank()) {
      credential = context.credential(UUID.fromString(config.credentialId().trim())).filter(c -> "twilio".equals(c.type()));
      if (credential.isEmpty()) {
        return NodeResult.fail("credential_missing", "\"" + context.nodeName() + "\" uses a Twilio account that no longer exists.", false);
      }
    }
    TwilioAccounts.Sender sender;
    try {
      sender = accounts.sender(context.tenant(), MessageLog.Channel.CALL,
          Optional.ofNullable(config.from()).flatMap(PhoneNumbers::normalise), credential);
    } catch (TwilioAccounts.NoSender e) {
      return NodeResult.fail("no_sender", e.getMessage(), false);
    }
    Optional<Contact> contact = contacts.findByPhone(context.tenant(), to.get());
    if (contact.isPresent() && contact.get().smsOptedOut()) {
      return NodeResult.fail("opted_out", contact.get().displayName() + " (" + to.get()
          + ") opted out of messages; the call was not placed.", false);
    }
    String twiml = "<Response><Say>" + xmlEscape(say) + "</Say></Response>";
    String provider = sender.account().sandbox() ? "sandbox" : "twilio";
    JsonNode result = context.performOnce(() -> {
      UUID id = messages.recordOutbound(context.tenant(), new MessageLog.Outbound(MessageLog.Channel.CALL,
          contact.map(Contact::id), Optional.of(context.executionId()), sender.fromNumber(), to.get(), Optional.empty(), say,
          provider, JsonNodeFactory.instance.objectNode().put("node", context.nodeName())));
      try {
        TwilioMessaging.Accepted call = twilio.placeCall(sender.account(), sender.fromNumber(), to.get(), twiml,
            Optional.of(accounts.statusCallbackUrl(MessageLog.Channel.CALL)));
        messages.update(context.tenant(), id, call.status(), Optional.of(call.sid()), Optional.empty());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("message_id", id.toString());
        out.put("call_sid", call.sid());
        out.put("status", call.status());
        out.put("from", sender.fromNumber());
        out.put("to", to.get());
        out.put("sandbox", sender.account().sandbox());
        return out;
      } catch (ProviderFailure failure) {
        messages.update(context.tenant(), id, "failed", Optional.empty(), Optional.of(failure.getMessage()));
        throw failure;
      }
    });
    return NodeResult.emit("out", result);
  }

  static String xmlEscape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
  }
}
