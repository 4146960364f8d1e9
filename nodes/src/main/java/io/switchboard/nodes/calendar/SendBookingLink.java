package io.switchboard.nodes.calendar;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.engine.spi.NodeContext;
import io.switchboard.engine.spi.NodeKind;
import io.switchboard.engine.spi.NodeResult;
import io.switchboard.engine.spi.PortSpec;
import io.switchboard.nodes.catalog.BasicNodeType;
import io.switchboard.nodes.messaging.SendMessage;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Texts the workspace's Cal.com booking link ({@code calendar.booking-link@1}) by SMS: the message
 * with the link where it says {@code {link}}, or after it. The sending itself is the SMS node's,
 * opt-outs, sandbox and at-most-once included.
 */
public final class SendBookingLink extends BasicNodeType<SendBookingLink.Config> {

  public static final String KEY = "calendar.booking-link@1";
  public static final String LINK_PLACEHOLDER = "{link}";
  static final String DEFAULT_MESSAGE = "Book a time that suits you here: {link}";

  public record Config(
      @FieldInfo(title = "To", help = "The phone number to text the link to.", kind = FieldKind.TEMPLATE,
          required = true, placeholder = "{{ contact.phone }}") String to,
      @FieldInfo(title = "Message", help = "Where it says {link} the booking link goes; without it, the link is added "
          + "at the end. Empty: \"" + DEFAULT_MESSAGE + "\".", kind = FieldKind.TEMPLATE,
          placeholder = "Hi {{ contact.first_name }}, pick a time for your consultation: {link}") String message,
      @FieldInfo(title = "From number", help = "One of your numbers; empty: the number the conversation started on, or "
          + "your first number.", kind = FieldKind.PHONE) String from,
      @FieldInfo(title = "Twilio account", help = "Empty: the account of the sending number, or the sandbox.",
          kind = FieldKind.CREDENTIAL, credentialType = "twilio") String credentialId) {}

  private final CalendarSettings settings;
  private final SendMessage sms;

  public SendBookingLink(CalendarSettings settings, SendMessage sms) {
    super(Config.class, describe(KEY, "Send booking link", "Calendar",
        "Texts your Cal.com booking link so the person can pick a time themselves.", NodeKind.ACTION,
        Set.of("to"), Set.of(), Set.of("to", "message")), List.of(PortSpec.of("out")));
    this.settings = settings;
    this.sms = sms;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) throws Exception {
    Optional<String> link = settings.bookingLink(context.tenant()).map(String::strip).filter(s -> !s.isEmpty());
    if (link.isEmpty()) {
      return NodeResult.fail("no_booking_link", "\"" + context.nodeName() + "\" has no booking link to send: add your "
          + "Cal.com booking link in Settings.", false);
    }
    String template = Optional.ofNullable(config.message()).map(String::strip).filter(s -> !s.isEmpty())
        .orElse(DEFAULT_MESSAGE);
    String body = template.contains(LINK_PLACEHOLDER) ? template.replace(LINK_PLACEHOLDER, link.get())
        : template + " " + link.get();
    NodeResult sent = sms.execute(new SendMessage.Config(config.to(), body, config.from(), null, config.credentialId()),
        context);
    if (sent instanceof NodeResult.Emit emit && emit.output() instanceof ObjectNode out) {
      out.put("booking_link", link.get());
      return NodeResult.emit("out", out);
    }
    return sent;
  }
}
