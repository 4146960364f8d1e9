package io.switchboard.nodes.messaging;

import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.engine.spi.Resumption;
import io.switchboard.engine.spi.WaitSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.catalog.Durations;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Waits until a person replies by SMS or WhatsApp (their next inbound message to any of the
 * workspace's numbers), or gives up after a while. The execution sleeps in the database meanwhile.
 */
public final class WaitForReply extends BasicNodeType<WaitForReply.Config> {

  public static final String KEY = "sms.wait-reply@1";

  public record Config(
      @FieldInfo(title = "From", help = "Whose reply to wait for.", kind = FieldKind.TEMPLATE, required = true,
          placeholder = "{{ contact.phone }}") String from,
      @FieldInfo(title = "Channel", kind = FieldKind.SELECT, options = {"sms", "whatsapp"}) String channel,
      @FieldInfo(title = "Give up after", help = "Such as 2d or 12h. Empty: wait until they reply.",
          kind = FieldKind.DURATION) String timeout) {}

  public WaitForReply() {
    super(Config.class, describe(KEY, "Wait for reply", "Messaging",
        "Pauses until the person replies by SMS or WhatsApp, or until the time runs out.",
        NodeKind.ACTION, Set.of("from"), Set.of(), Set.of("from")),
        List.of(new PortSpec("replied", "Replied"), new PortSpec("timeout", "No reply")));
  }

  /** The event an inbound message from {@code e164} on {@code channel} raises. */
  public static String eventKey(MessageLog.Channel channel, String e164) {
    return (channel == MessageLog.Channel.WHATSAPP ? "whatsapp-reply:" : "sms-reply:") + e164;
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    Optional<Resumption> resumed = context.resumption();
    if (resumed.isPresent()) {
      return resumed.get() instanceof Resumption.EventArrived reply
          ? NodeResult.emit("replied", reply.payload())
          : NodeResult.emit("timeout", context.input());
    }
    Optional<String> from = PhoneNumbers.normalise(config.from());
    if (from.isEmpty()) {
      return NodeResult.fail("invalid_number", "\"" + context.nodeName() + "\" can't wait for a reply from \""
          + (config.from() == null ? "" : config.from().strip()) + "\": that is not a phone number like +15551234567.", false);
    }
    MessageLog.Channel channel = "whatsapp".equals(config.channel()) ? MessageLog.Channel.WHATSAPP : MessageLog.Channel.SMS;
    try {
      Optional<Instant> deadline = config.timeout() == null || config.timeout().isBlank() ? Optional.empty()
          : Optional.of(context.clock().instant().plus(Durations.parse(config.timeout())));
      return new NodeResult.Wait(new WaitSpec.ForEvent(eventKey(channel, from.get()), deadline), context.input());
    } catch (IllegalArgumentException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
  }
}
