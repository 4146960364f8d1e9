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
 * Sends an SMS ({@code sms.send@1}) or a WhatsApp message ({@code whatsapp.send@1}) through Twilio,
 * with the workspace's account or its sandbox. A contact who replied STOP is not messaged: the step
 * fails with that reason and the refused message is kept on record. Sending is done once per step
 * attempt even if the execution is resumed after a crash.
 */
public final class SendMessage extends BasicNodeType<SendMessage.Config> {

  public static final String SMS_KEY = "sms.send@1";
  public static final String WHATSAPP_KEY = "whatsapp.send@1";
  static final int MAX_BODY = 1600;

  public record Config(
      @FieldInfo(title = "To", help = "The phone number to message, such as {{ contact.phone }} or {{ trigger.from }}.",
          kind = FieldKind.TEMPLATE, required = true, placeholder = "{{ contact.phone }}") String to,
      @FieldInfo(title = "Message", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "Hi {{ contact.first_name }}, thanks for getting in touch!") String body,
      @FieldInfo(title = "From number", help = "One of your numbers; empty: the number the conversation started on, or your first number.",
          kind = FieldKind.PHONE) String from,
      @FieldInfo(title = "Picture or file link", help = "Optional: a public https link sent with the message (MMS / WhatsApp media).",
          kind = FieldKind.TEMPLATE) String mediaUrl,
      @FieldInfo(title = "Twilio account", help = "Empty: the account of the sending number, or the sandbox.",
          kind = FieldKind.CREDENTIAL, credentialType = "twilio") String credentialId) {}

  private final MessageLog.Channel channel;
  private final ContactBook contacts;
  private final MessageLog messages;
  private final TwilioAccounts accounts;
  private final TwilioMessaging twilio;

  private SendMessage(MessageLog.Channel channel, String key, String name, String description, ContactBook contacts,
                      MessageLog messages, TwilioAccounts accounts, TwilioMessaging twilio) {
    super(Config.class, describe(key, name, "Messaging", description, NodeKind.ACTION, Set.of("to", "body"),
        Set.of(), Set.of("to", "body", "from", "mediaUrl")), List.of(PortSpec.of("out")));
    this.channel = channel;
    this.contacts = contacts;
    this.messages = messages;
    this.accounts = accounts;
    this.twilio = twilio;
  }

  public static SendMessage sms(ContactBook contacts, MessageLog messages, TwilioAccounts accounts, TwilioMessaging twilio) {
    return new SendMessage(MessageLog.Channel.SMS, SMS_KEY, "Send SMS",
        "Sends a text message through Twilio (or the sandbox when no Twilio account is connected).",
        contacts, messages, accounts, twilio);
  }

  public static SendMessage whatsapp(ContactBook contacts, MessageLog messages, TwilioAccounts accounts, TwilioMessaging twilio) {
    return new SendMessage(MessageLog.Channel.WHATSAPP, WHATSAPP_KEY, "Send WhatsApp",
        "Sends a WhatsApp message through Twilio (or the sandbox when no Twilio account is connected).",
        contacts, messages, accounts, twilio);
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<String> to = PhoneNumbers.normalise(config.to());
    if (to.isEmpty()) {
      return NodeResult.fail("invalid_number", "\"" + context.nodeName() + "\" can't send to \"" + blankAsNothing(config.to())
          + "\": a phone number looks like +15551234567 (with the country code).", false);
    }
    String body = config.body() == null ? "" : config.body().strip();
    if (body.isEmpty()) {
      return NodeResult.fail("empty_message", "\"" + context.nodeName() + "\" has no message to send.", false);
    }
    if (body.length() > MAX_BODY) {
      return NodeResult.fail("message_too_long", "\"" + context.nodeName() + "\": the message is " + body.length()
          + " characters long; at most " + MAX_BODY + " can be sent.", false);
    }
    Optional<Credential> credential = Optional.empty();
    if (config.credentialId() != null && !config.credentialId().isBlank()) {
      credential = context.credential(UUID.fromString(config.credentialId().trim()));
      if (credential.isEmpty() || !"twilio".equals(credential.get().type())) {
        return NodeResult.fail("credential_missing", "\"" + context.nodeName()
            + "\" uses a Twilio account that no longer exists; choose another one.", false);
      }
    }
    Optional<String> from = Optional.ofNullable(config.from()).filter(s -> !s.isBlank())
        .or(() -> context.expressionScope().path("trigger").path("to").asStringOpt().filter(PhoneNumbers::isE164));
    TwilioAccounts.Sender sender;
    try {
      sender = accounts.sender(context.tenant(), channel, from.flatMap(PhoneNumbers::normalise), credential);
    } catch (TwilioAccounts.NoSender e) {
      return NodeResult.fail("no_sender", e.getMessage(), false);
    }
    Optional<Contact> contact = contacts.findByPhone(context.tenant(), to.get());
    Optional<String> media = Optional.ofNullable(config.mediaUrl()).map(String::strip).filter(s -> !s.isEmpty());
    String provider = sender.account().sandbox() ? "sandbox" : "twilio";

    if (contact.isPresent() && contact.get().smsOptedOut()) {
      UUID refused = messages.recordOutbound(context.tenant(), outbound(contact, context, sender.fromNumber(), to.get(), body, provider));
      String reason = contact.get().displayName() + " (" + to.get() + ") replied STOP and no longer receives messages; "
          + "this one was not sent.";
      messages.update(context.tenant(), refused, "refused", Optional.empty(), Optional.of(reason));
      return NodeResult.fail("opted_out", reason, false);
    }

    String prefix = channel == MessageLog.Channel.WHATSAPP ? "whatsapp:" : "";
    String finalTo = to.get();
    JsonNode result = context.performOnce(() -> {
      UUID messageId = messages.recordOutbound(context.tenant(), outbound(contact, context, sender.fromNumber(), finalTo, body, provider));
      try {
        TwilioMessaging.Accepted accepted = twilio.sendMessage(sender.account(), prefix + sender.fromNumber(), prefix + finalTo,
            body, media, Optional.of(accounts.statusCallbackUrl(channel)));
        messages.update(context.tenant(), messageId, accepted.status(), Optional.of(accepted.sid()), Optional.empty());
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("message_id", messageId.toString());
        out.put("sid", accepted.sid());
        out.put("status", accepted.status());
        out.put("channel", channel.code());
        out.put("from", sender.fromNumber());
        out.put("to", finalTo);
        out.put("body", body);
        out.put("sandbox", sender.account().sandbox());
        return out;
      } catch (ProviderFailure failure) {
        messages.update(context.tenant(), messageId, "failed", Optional.empty(), Optional.of(failure.getMessage()));
        throw failure;
      }
    });
    return NodeResult.emit("out", result);
  }

  private MessageLog.Outbound outbound(Optional<Contact> contact, NodeContext context, String from, String to, String body,
                                       String provider) {
    return new MessageLog.Outbound(channel, contact.map(Contact::id), Optional.of(context.executionId()), from, to,
        Optional.empty(), body, provider, JsonNodeFactory.instance.objectNode().put("node", context.nodeName()));
  }

  private static String blankAsNothing(String s) {
    return s == null ? "" : s.strip();
  }
}
