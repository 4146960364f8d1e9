package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a workspace remembers about each contact: facts (an attribute and its value) with the time
 * they became true and, once contradicted, the time they stopped being true. A new value closes the
 * old fact instead of deleting it, so the history of a fact stays.
 */
public interface ContactMemory {

  /** A fact; {@code validTo} is empty while it is current. */
  record Fact(UUID id, UUID contactId, String attribute, String value, Instant validFrom, Optional<Instant> validTo,
              String source) {}

  /** What remembering one fact did. */
  enum Change { ADDED, REPLACED, UNCHANGED }

  record Remembered(Fact fact, Change change, Optional<Fact> closed) {}

  /** Records that {@code attribute} of the contact is {@code value} from {@code at}, closing a contradicting current fact. */
  Remembered remember(TenantId tenant, UUID contactId, String attribute, String value, Instant at, String source);

  /** The contact's current facts. */
  List<Fact> current(TenantId tenant, UUID contactId);

  /** Every value {@code attribute} has had, oldest first. */
  List<Fact> history(TenantId tenant, UUID contactId, String attribute);

  /** Current facts whose attribute or value contains any of the words of {@code text}. */
  List<Fact> matching(TenantId tenant, UUID contactId, String text);
}
