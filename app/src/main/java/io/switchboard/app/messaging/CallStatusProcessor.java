package io.switchboard.app.messaging;

import io.switchboard.app.providers.ProviderEventProcessor;
import io.switchboard.app.providers.ProviderEventStore;
import io.switchboard.engine.runner.ExecutionRecord;
import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.messaging.CallEndedTrigger;
import io.switchboard.nodes.crm.PhoneNumbers;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.MESSAGES;

/**
 * Call status from Twilio (and the voice agent, which posts the same signed form with a transcript,
 * summary and intent): a call we placed gets its outcome recorded; an inbound call that ended goes
 * on the caller's timeline and starts the workflow connected to the number with a call-ended trigger.
 */
@Component
public class CallStatusProcessor implements ProviderEventProcessor {

  private final TenantDatabase db;
  private final ContactBook contacts;
  private final PhoneNumberDirectory numbers;
  private final BoundWorkflows workflows;
  private final Clock clock;

  public CallStatusProcessor(TenantDatabase db, ContactBook contacts, PhoneNumberDirectory numbers,
                             BoundWorkflows workflows, Clock clock) {
    this.db = db;
    this.contacts = contacts;
    this.numbers = numbers;
    this.workflows = workflows;
    this.clock = clock;
  }

  @Override
  public boolean handles(String provider, String type) {
    return "twilio".equals(provider) && "call".equals(type);
  }

  @Override
  public String process(ProviderEventStore.StoredEvent event) throws Exception {
    TenantId tenant = event.tenant();
    JsonNode p = event.payload();
    String sid = p.path("CallSid").asString("");
    String status = p.path("CallStatus").asString("").toLowerCase(Locale.ROOT);
    boolean outbound = p.path("Direction").asString("").startsWith("outbound");
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    if (outbound) {
      int changed = db.inTenant(tenant, tx -> tx.update(MESSAGES).set(MESSAGES.STATUS, status).set(MESSAGES.UPDATED_AT, now)
          .set(MESSAGES.DETAILS, JSONB.valueOf(JsonNodeFactory.instance.objectNode()
              .put("duration_s", p.path("CallDuration").asInt(0)).toString()))
          .where(MESSAGES.PROVIDER_ID.eq(sid)).and(MESSAGES.CHANNEL.eq("call")).execute());
      if (changed == 0) {
        if (event.receivedAt().isBefore(clock.instant().minus(java.time.Duration.ofMinutes(10)))) {
          throw new Ignored("No call with id " + sid + " was placed from this workspace");
        }
        throw new IllegalStateException("call " + sid + " is not on record yet"); // tried again later
      }
      return "Call " + sid + " is " + status;
    }
    if (!"completed".equals(status)) {
      throw new Ignored("Call " + sid + " is " + status + "; only ended calls start workflows");
    }
    String from = PhoneNumbers.normalise(p.path("From").asString("")).orElseThrow(() -> new Ignored("the caller's number is hidden"));
    String to = PhoneNumbers.normalise(p.path("To").asString("")).orElseThrow(() -> new Ignored("no destination number"));
    Contact contact = contacts.findByPhone(tenant, from).orElseGet(() -> {
      try {
        return contacts.createSender(tenant, ContactChanges.none().withPhone(from));
      } catch (ContactBook.InvalidContact e) {
        throw new IllegalStateException(e);
      }
    });
    int duration = p.path("CallDuration").asInt(0);
    String transcript = p.path("Transcript").asString("");
    String summary = p.path("Summary").asString("");
    String intent = p.path("Intent").asString("");
    UUID messageId = UUID.randomUUID();
    db.runInTenant(tenant, tx -> {
      tx.insertInto(MESSAGES)
          .set(MESSAGES.TENANT_ID, tenant.value()).set(MESSAGES.ID, messageId).set(MESSAGES.CONTACT_ID, contact.id())
          .set(MESSAGES.CHANNEL, "call").set(MESSAGES.DIRECTION, "inbound")
          .set(MESSAGES.FROM_ADDRESS, from).set(MESSAGES.TO_ADDRESS, to).set(MESSAGES.BODY, transcript)
          .set(MESSAGES.STATUS, status).set(MESSAGES.PROVIDER_ID, sid).set(MESSAGES.PROVIDER, "twilio")
          .set(MESSAGES.DETAILS, JSONB.valueOf(JsonNodeFactory.instance.objectNode().put("duration_s", duration)
              .put("summary", summary).put("intent", intent).toString()))
          .set(MESSAGES.CREATED_AT, now).set(MESSAGES.UPDATED_AT, now)
          .execute();
      contacts.recordActivity(tenant, contact.id(), new ContactBook.Activity("call",
          "Call ended after " + duration + " s" + (summary.isEmpty() ? "" : ": " + summary), Optional.of(messageId),
          JsonNodeFactory.instance.objectNode().put("direction", "inbound").put("intent", intent)));
    });
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("call_sid", sid);
    payload.put("from", from);
    payload.put("to", to);
    payload.put("status", status);
    payload.put("duration_s", duration);
    payload.put("transcript", transcript);
    payload.put("summary", summary);
    payload.put("intent", intent);
    payload.set("contact", contact.toJson());
    PhoneNumberDirectory.Number number = numbers.find(tenant, to).orElseThrow(() -> new Ignored(to + " is no longer in the workspace"));
    Optional<UUID> workflow = number.voiceWorkflowId().or(number::workflowId);
    if (workflow.isEmpty()) {
      throw new Ignored("No workflow is connected to calls on " + to + "; the call is kept on the contact's timeline");
    }
    try {
      ExecutionRecord started = workflows.start(tenant, workflow.get(), CallEndedTrigger.KEY, n -> true,
          "call", payload);
      return "Started execution " + started.id() + " for the call from " + from;
    } catch (BoundWorkflows.NotStarted e) {
      throw new Ignored("Nothing started: " + e.getMessage());
    }
  }
}
