package io.switchboard.nodes.messaging;

import io.switchboard.nodes.catalog.OutputSchemas;

import java.util.Optional;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.nodes.trigger.PassThroughTrigger;

import java.util.Set;

/**
 * Starts the workflow bound to one of the workspace's numbers when an SMS or WhatsApp message
 * arrives on it (and is not a reply some waiting execution is expecting). The payload carries
 * {@code from}, {@code to}, {@code body}, {@code channel}, {@code media} and the sender as {@code contact}.
 */
public final class InboundMessageTrigger extends PassThroughTrigger<InboundMessageTrigger.Config> {

  public static final String KEY = "trigger.sms@1";

  public record Config(
      @FieldInfo(title = "Channel", help = "Which messages start this workflow.", kind = FieldKind.SELECT,
          options = {"any", "sms", "whatsapp"}) String channel) {}

  public InboundMessageTrigger() {
    super(Config.class, KEY, "Incoming SMS / WhatsApp",
        "Runs when a message arrives on the number this workflow is connected to.", Set.of());
  }

  /** What {@code InboundMessageProcessor} hands on. */
  @Override
  public Optional<tools.jackson.databind.JsonNode> outputSchema() {
    return Optional.of(OutputSchemas.object("The message that arrived",
        "body", OutputSchemas.text("The message's text"),
        "from", OutputSchemas.text("The sender's number"),
        "to", OutputSchemas.text("Your number it arrived on"),
        "channel", OutputSchemas.text("sms or whatsapp"),
        "media", OutputSchemas.list("Addresses of attached pictures", OutputSchemas.text("An address")),
        "message_id", OutputSchemas.text("The message's id in Switchboard"),
        "message_sid", OutputSchemas.text("The provider's id of the message"),
        "contact", OutputSchemas.contact("The sender, as a contact")));
  }
}
