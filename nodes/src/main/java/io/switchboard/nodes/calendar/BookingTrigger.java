package io.switchboard.nodes.calendar;

import io.switchboard.nodes.catalog.OutputSchemas;

import java.util.Optional;
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

  /** What {@code CalcomBooking.triggerPayload} hands on. */
  @Override
  public Optional<tools.jackson.databind.JsonNode> outputSchema() {
    return Optional.of(OutputSchemas.object("The booking",
        "event", OutputSchemas.text("created, rescheduled or cancelled"),
        "uid", OutputSchemas.text("The booking's id"),
        "title", OutputSchemas.text("The meeting's title"),
        "start", OutputSchemas.text("When it starts (ISO date and time)"),
        "end", OutputSchemas.text("When it ends (ISO date and time)"),
        "location", OutputSchemas.text("Where it takes place"),
        "attendee", OutputSchemas.object("Who booked",
            "name", OutputSchemas.text("Their name"),
            "email", OutputSchemas.text("Their e-mail address"),
            "phone", OutputSchemas.text("Their phone number"),
            "time_zone", OutputSchemas.text("Their time zone")),
        "organizer", OutputSchemas.object("Whose calendar it is on",
            "name", OutputSchemas.text("The organizer's name"),
            "email", OutputSchemas.text("The organizer's e-mail address")),
        "event_type", OutputSchemas.text("The kind of meeting booked"),
        "previous_uid", OutputSchemas.text("For a reschedule: the booking it replaces"),
        "cancellation_reason", OutputSchemas.text("For a cancellation: the reason given")));
  }
}
