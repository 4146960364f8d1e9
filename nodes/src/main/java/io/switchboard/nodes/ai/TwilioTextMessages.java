package io.switchboard.nodes.ai;

import io.switchboard.engine.spi.NodeFailure;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.nodes.messaging.ProviderFailure;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioMessaging;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * The agent's SMS through the same messaging ports as the Send SMS step: the workspace's default
 * number and account (or the sandbox), opted-out contacts refused, every message recorded.
 */
public final class TwilioTextMessages implements TextMessages {

  private final ContactBook contacts;
  private final MessageLog messages;
  private final TwilioAccounts accounts;
  private final TwilioMessaging twilio;

  public TwilioTextMessages(ContactBook contacts, MessageLog messages, TwilioAccounts accounts, TwilioMessaging twilio) {
    this.contacts = contacts;
    this.messages = messages;
    this.accounts = accounts;
    this.twilio = twilio;
  }

  @Override
  public Sent send(TenantId tenant, UUID executionId, String nodeName, String to, String body) throws NodeFailure {
    String number = PhoneNumbers.normalise(to).orElseThrow(() -> new NodeFailure("invalid_number",
        "\"" + to + "\" is not a phone number like +15551234567.", false));
    if (body == null || body.isBlank() || body.length() > 1600) {
      throw new NodeFailure("invalid_message", "A text message must have between 1 and 1600 characters.", false);
    }
    TwilioAccounts.Sender sender;
    try {
      sender = accounts.sender(tenant, MessageLog.Channel.SMS, Optional.empty(), Optional.empty());
    } catch (TwilioAccounts.NoSender e) {
      throw new NodeFailure("no_sender", e.getMessage(), false);
    }
    Optional<Contact> contact = contacts.findByPhone(tenant, number);
    String provider = sender.account().sandbox() ? "sandbox" : "twilio";
    MessageLog.Outbound outbound = new MessageLog.Outbound(MessageLog.Channel.SMS, contact.map(Contact::id),
        Optional.of(executionId), sender.fromNumber(), number, Optional.empty(), body, provider,
        JsonNodeFactory.instance.objectNode().put("node", nodeName).put("by", "ai-agent"));
    UUID id = messages.recordOutbound(tenant, outbound);
    if (contact.isPresent() && contact.get().smsOptedOut()) {
      String reason = contact.get().displayName() + " (" + number + ") replied STOP and no longer receives messages; this one was not sent.";
      messages.update(tenant, id, "refused", Optional.empty(), Optional.of(reason));
      throw new NodeFailure("opted_out", reason, false);
    }
    try {
      TwilioMessaging.Accepted accepted = twilio.sendMessage(sender.account(), sender.fromNumber(), number, body, Optional.empty(),
          Optional.of(accounts.statusCallbackUrl(MessageLog.Channel.SMS)));
      messages.update(tenant, id, accepted.status(), Optional.of(accepted.sid()), Optional.empty());
      return new Sent(id.toString(), accepted.sid(), number, sender.account().sandbox());
    } catch (ProviderFailure failure) {
      messages.update(tenant, id, "failed", Optional.empty(), Optional.of(failure.getMessage()));
      throw failure;
    }
  }
}
