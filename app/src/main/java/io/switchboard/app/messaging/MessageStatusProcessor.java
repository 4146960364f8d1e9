package io.switchboard.app.messaging;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.tenancy.TenantDatabase;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * Twilio's delivery updates for the messages we sent (queued → sent → delivered, or failed /
 * undelivered with an error code): the message record follows, and never goes back to an earlier
 * status when updates arrive out of order.
 */
@Component
public class MessageStatusProcessor implements ProviderEventProcessor {

  private static final List<String> ORDER = List.of("accepted", "queued", "sending", "sent", "receiving", "received",
      "delivered", "read", "undelivered", "failed");
  private static final Map<String, String> ERRORS = Map.of(
      "30003", "The phone is switched off or unreachable.",
      "30004", "The recipient blocked this number.",
      "30005", "The number does not exist or is no longer in service.",
      "30006", "The number is a landline or cannot receive messages.",
      "30007", "The carrier filtered the message as spam.",
      "21610", "The recipient replied STOP to this number.");

  private final TenantDatabase db;
  private final Clock clock;

  public MessageStatusProcessor(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "twilio".equals(provider) && "status".equals(type);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) throws Exception {
    JsonNode p = event.payload();
    String sid = p.path("MessageSid").asString(p.path("SmsSid").asString(""));
    String status = p.path("MessageStatus").asString(p.path("SmsStatus").asString("")).toLowerCase(java.util.Locale.ROOT);
    if (!ORDER.contains(status)) {
      throw new Ignored("Unknown message status \"" + status + "\"");
    }
    String code = p.path("ErrorCode").asString("");
    String error = code.isEmpty() ? null : ERRORS.getOrDefault(code, "The carrier reported error " + code + ".");
    int changed = db.inTenant(event.tenant(), tx -> {
      var row = tx.select(MESSAGES.ID, MESSAGES.STATUS).from(MESSAGES).where(MESSAGES.PROVIDER_ID.eq(sid))
          .and(MESSAGES.DIRECTION.eq("outbound")).forUpdate().fetchOptional();
      if (row.isEmpty()) {
        return -1;
      }
      int current = ORDER.indexOf(row.get().value2());
      if (current >= ORDER.indexOf(status)) {
        return 0; // an older update arriving late
      }
      var update = tx.update(MESSAGES).set(MESSAGES.STATUS, status)
          .set(MESSAGES.UPDATED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      if (error != null) {
        update = update.set(MESSAGES.ERROR, error);
      }
      return update.where(MESSAGES.ID.eq(row.get().value1())).execute();
    });
    if (changed < 0) {
      // The update can overtake the sender's own record of the message id: try again later, for a while.
      if (event.receivedAt().isBefore(clock.instant().minus(java.time.Duration.ofMinutes(10)))) {
        throw new Ignored("No message with id " + sid + " was sent from this workspace");
      }
      throw new IllegalStateException("message " + sid + " is not on record yet");
    }
    return changed == 0 ? "Kept the newer status of message " + sid : "Message " + sid + " is " + status;
  }
}
