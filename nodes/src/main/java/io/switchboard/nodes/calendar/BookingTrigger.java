package io.switchboard.nodes.calendar;

import io.switchboard.engine.spi.FieldInfo;
import io.switchboard.engine.spi.FieldKind;
import io.switchboard.nodes.trigger.PassThroughTrigger;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Starts the workflow when someone books, reschedules or cancels through the workspace's Cal.com
 * (its signed booking webhook). The payload is a {@link CalcomBooking}: {@code event}, {@code uid},
 * {@code title}, {@code start}, {@code end}, {@code attendee} (name, email, phone, time zone),
 * {@code organizer}, {@code location} and, for a reschedule, {@code previous_uid}.
 */
public final class BookingTrigger extends PassThroughTrigger<BookingTrigger.Config> {

  public static final String KEY = "trigger.booking@1";

  public record Config(
      @FieldInfo(title = "Bookings", help = "Which booking events start this workflow.", kind = FieldKind.SELECT,
          options = {"any", "created", "rescheduled", "cancelled", "created,rescheduled"}) String events) {

    /**
     * Whether an event ({@code created}, {@code rescheduled}, {@code cancelled}) starts this
     * workflow: the chosen events are one of them, several separated by commas, or {@code any}.
     */
    public boolean accepts(String event) {
      String chosen = events == null || events.isBlank() ? "any" : events.strip().toLowerCase(Locale.ROOT);
      return Arrays.stream(chosen.split(",")).map(String::strip).anyMatch(c -> c.equals("any") || c.equals(event));
    }
  }

  public BookingTrigger() {
    super(Config.class, KEY, "Cal.com booking",
        "Runs when someone books, reschedules or cancels a meeting through your Cal.com booking page.", Set.of());
  }
}
