package io.switchboard.nodes;

import io.switchboard.engine.spi.NodeType;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactNote;
import io.switchboard.nodes.crm.FindContact;
import io.switchboard.nodes.crm.MoveStage;
import io.switchboard.nodes.crm.TagContact;
import io.switchboard.nodes.crm.UpdateContact;
import io.switchboard.nodes.messaging.CallEndedTrigger;
import io.switchboard.nodes.messaging.InboundMessageTrigger;
import io.switchboard.nodes.messaging.MessageLog;
import io.switchboard.nodes.messaging.PlaceCall;
import io.switchboard.nodes.messaging.SendMessage;
import io.switchboard.nodes.messaging.TwilioAccounts;
import io.switchboard.nodes.messaging.TwilioMessaging;
import io.switchboard.nodes.messaging.WaitForReply;

import java.util.List;

/** The node types that talk to the workspace's contacts and to messaging providers. */
public final class ProviderNodes {

  private ProviderNodes() {}

  /** What these nodes reach the outside world through; the application provides it. */
  public record Ports(ContactBook contacts, MessageLog messages, TwilioAccounts twilioAccounts, TwilioMessaging twilio) {}

  public static List<NodeType<?>> all(Ports ports) {
    return List.of(
        new InboundMessageTrigger(), new CallEndedTrigger(),
        SendMessage.sms(ports.contacts(), ports.messages(), ports.twilioAccounts(), ports.twilio()),
        SendMessage.whatsapp(ports.contacts(), ports.messages(), ports.twilioAccounts(), ports.twilio()),
        new PlaceCall(ports.contacts(), ports.messages(), ports.twilioAccounts(), ports.twilio()),
        new WaitForReply(),
        new FindContact(ports.contacts()), new UpdateContact(ports.contacts()), new TagContact(ports.contacts()),
        new MoveStage(ports.contacts()), new ContactNote(ports.contacts()));
  }
}
