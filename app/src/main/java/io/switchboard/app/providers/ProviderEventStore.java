package io.switchboard.app.providers;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import org.jooq.JSONB;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static io.switchboard.schema.jooq.Tables.PROVIDER_EVENTS;

/**
 * Provider webhooks as received: written down (signature checked, tenant known) before anything is
 * done with them, so a crash while processing loses nothing, and a provider's retry of an event id
 * already received is recognised as a duplicate.
 */
@Component
public class ProviderEventStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final TenantDatabase db;
  private final Clock clock;

  public ProviderEventStore(TenantDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A stored event, to process. */
  public record StoredEvent(TenantId tenant, UUID id, String provider, String type, String eventId, JsonNode payload,
                            String status, int attempts, Instant receivedAt) {}

  /**
   * Stores an event; empty when an event with this id was already received from this provider
   * (a retry or a replay), which must then not be processed again.
   */
  public Optional<StoredEvent> receive(TenantId tenant, String provider, String type, String eventId, JsonNode payload) {
    UUID id = UUID.randomUUID();
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    int inserted = db.inTenant(tenant, tx -> tx.insertInto(PROVIDER_EVENTS)
        .set(PROVIDER_EVENTS.TENANT_ID, tenant.value())
        .set(PROVIDER_EVENTS.ID, id)
        .set(PROVIDER_EVENTS.PROVIDER, provider)
        .set(PROVIDER_EVENTS.EVENT_TYPE, type)
        .set(PROVIDER_EVENTS.EVENT_ID, eventId)
        .set(PROVIDER_EVENTS.PAYLOAD, JSONB.valueOf(JSON.writeValueAsString(payload)))
        .set(PROVIDER_EVENTS.RECEIVED_AT, now)
        .onConflictDoNothing()
        .execute());
    return inserted == 0 ? Optional.empty()
        : Optional.of(new StoredEvent(tenant, id, provider, type, eventId, payload, "received", 0, now.toInstant()));
  }

  public Optional<StoredEvent> load(TenantId tenant, UUID id) {
    return db.inTenant(tenant, tx -> tx.selectFrom(PROVIDER_EVENTS).where(PROVIDER_EVENTS.ID.eq(id)).fetchOptional())
        .map(r -> new StoredEvent(tenant, r.getId(), r.getProvider(), r.getEventType(), r.getEventId(),
            JSON.readTree(r.getPayload().data()), r.getStatus(), r.getAttempts(), r.getReceivedAt().toInstant()));
  }

  /** {@code status}: processed, failed or ignored, with what was done in plain words. */
  public void finish(TenantId tenant, UUID id, String status, String outcome) {
    db.runInTenant(tenant, tx -> tx.update(PROVIDER_EVENTS)
        .set(PROVIDER_EVENTS.STATUS, status)
        .set(PROVIDER_EVENTS.OUTCOME, outcome.length() > 1000 ? outcome.substring(0, 1000) : outcome)
        .set(PROVIDER_EVENTS.ATTEMPTS, PROVIDER_EVENTS.ATTEMPTS.plus(1))
        .set(PROVIDER_EVENTS.PROCESSED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .where(PROVIDER_EVENTS.ID.eq(id)).execute());
  }

  /** Counts a failed processing attempt, leaving the event to be processed again later. */
  public void attemptFailed(TenantId tenant, UUID id, String reason) {
    db.runInTenant(tenant, tx -> tx.update(PROVIDER_EVENTS)
        .set(PROVIDER_EVENTS.ATTEMPTS, PROVIDER_EVENTS.ATTEMPTS.plus(1))
        .set(PROVIDER_EVENTS.OUTCOME, reason.length() > 1000 ? reason.substring(0, 1000) : reason)
        .where(PROVIDER_EVENTS.ID.eq(id)).execute());
  }

  /**
   * Claims a pending event for one processing attempt (so two nodes never process it at once): true
   * when this caller got it. Moves its receipt time forward, which also spaces the attempts out.
   */
  public boolean claim(StoredEvent event) {
    return db.inTenant(event.tenant(), tx -> tx.update(PROVIDER_EVENTS)
        .set(PROVIDER_EVENTS.RECEIVED_AT, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .where(PROVIDER_EVENTS.ID.eq(event.id()))
        .and(PROVIDER_EVENTS.STATUS.eq("received"))
        .and(PROVIDER_EVENTS.RECEIVED_AT.eq(OffsetDateTime.ofInstant(event.receivedAt(), ZoneOffset.UTC)))
        .execute()) == 1;
  }

  /** Events of every tenant left unprocessed since before {@code olderThan} (a crash, a failure). */
  public List<StoredEvent> pending(Instant olderThan, int limit) {
    var keys = db.platform(tx -> tx.fetch("select tenant_id, id from pending_provider_events(?::timestamptz, ?)",
        OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC), limit));
    return keys.stream()
        .map(r -> load(new TenantId(r.get(0, UUID.class)), r.get(1, UUID.class)))
        .flatMap(Optional::stream)
        .toList();
  }
}
