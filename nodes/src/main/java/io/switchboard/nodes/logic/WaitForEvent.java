package io.switchboard.nodes.logic;

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
 * Waits for an event with a key — an SMS reply from a number ({@code sms-reply:+15551234567}), a
 * webhook call carrying the key — and continues by "Received" with the event, or by "Timed out".
 */
public final class WaitForEvent extends BasicNodeType<WaitForEvent.Config> {

  public static final String KEY = "logic.wait-event@1";

  /**
   * @param eventKey  which event to wait for
   * @param timeout   give up after this long (empty: never)
   * @param timeoutAt or give up at this moment, an ISO date-time often computed from earlier data
   *                  (two days before an appointment); one already past times out at once
   */
  public record Config(
      @FieldInfo(title = "Event", help = "Which event to wait for, such as sms-reply:{{ trigger.from }}",
          kind = FieldKind.TEMPLATE, required = true) String eventKey,
      @FieldInfo(title = "Give up after", help = "Empty: wait forever.", kind = FieldKind.DURATION) String timeout,
      @FieldInfo(title = "Or give up at", help = "A date and time, such as {{ addDuration(parseDate(trigger.start), \"-2d\") }}; "
          + "the earlier of the two counts.", kind = FieldKind.TEMPLATE) String timeoutAt) {

    public Config(String eventKey, String timeout) {
      this(eventKey, timeout, null);
    }
  }

  public WaitForEvent() {
    super(Config.class, describe(KEY, "Wait for event", "Logic",
        "Pauses until a matching event arrives (a reply, a webhook call), or gives up after a while.",
        NodeKind.ACTION, Set.of("eventKey"), Set.of(), Set.of("eventKey", "timeoutAt")),
        List.of(new PortSpec("received", "Received"), new PortSpec("timeout", "Timed out")));
  }

  @Override
  public boolean hasSideEffects() {
    return false;
  }

  @Override
  public NodeResult execute(Config config, NodeContext context) {
    Optional<Resumption> resumed = context.resumption();
    if (resumed.isPresent()) {
      return switch (resumed.get()) {
        case Resumption.EventArrived event -> NodeResult.emit("received", event.payload());
        case Resumption.TimedOut timedOut -> NodeResult.emit("timeout", context.input());
        case Resumption.TimeReached reached -> NodeResult.emit("timeout", context.input());
      };
    }
    if (config.eventKey() == null || config.eventKey().isBlank()) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\" needs the key of the event to wait for.", false);
    }
    try {
      Instant now = context.clock().instant();
      Optional<Instant> after = config.timeout() == null || config.timeout().isBlank() ? Optional.empty()
          : Optional.of(now.plus(Durations.parse(config.timeout())));
      Optional<Instant> at = config.timeoutAt() == null || config.timeoutAt().isBlank() ? Optional.empty()
          : Optional.of(Delay.parseMoment(config.timeoutAt()));
      Optional<Instant> timeoutAt = after.isEmpty() ? at
          : at.isEmpty() ? after : Optional.of(after.get().isBefore(at.get()) ? after.get() : at.get());
      if (timeoutAt.isPresent() && !timeoutAt.get().isAfter(now)) {
        return NodeResult.emit("timeout", context.input());
      }
      return new NodeResult.Wait(new WaitSpec.ForEvent(config.eventKey().trim(), timeoutAt), context.input());
    } catch (IllegalArgumentException e) {
      return NodeResult.fail("invalid_config", "\"" + context.nodeName() + "\": " + e.getMessage(), false);
    }
  }
}
