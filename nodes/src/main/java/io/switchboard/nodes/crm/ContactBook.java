package io.switchboard.nodes.crm;

import io.switchboard.engine.tenancy.TenantId;
import tools.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The workspace's built-in CRM as nodes and inbound channels use it. Implemented by the
 * application on the tenant's database scope; every call stays inside {@code tenant}.
 */
public interface ContactBook {

  Optional<Contact> find(TenantId tenant, UUID contactId);

  /** By phone number in E.164 form. */
  Optional<Contact> findByPhone(TenantId tenant, String e164);

  /** By e-mail address, ignoring case. */
  Optional<Contact> findByEmail(TenantId tenant, String email);

  /**
   * Creates a contact with these fields.
   *
   * @throws InvalidContact when a field is not acceptable (a phone number not in E.164 form …)
   */
  Contact create(TenantId tenant, ContactChanges fields) throws InvalidContact;

  /**
   * Creates the sender of an inbound message, call or e-mail. Unlike {@link #create}, the plan's
   * contact limit does not refuse it: what a customer sent is never dropped.
   */
  default Contact createSender(TenantId tenant, ContactChanges fields) throws InvalidContact {
    return create(tenant, fields);
  }

  /** Changes the given fields; tags are added. Empty when there is no such contact. */
  Optional<Contact> update(TenantId tenant, UUID contactId, ContactChanges changes) throws InvalidContact;

  /** Adds and removes tags. Empty when there is no such contact. */
  Optional<Contact> tag(TenantId tenant, UUID contactId, Set<String> add, Set<String> remove);

  /** Records SMS opt-out (STOP) or opt-in (START), with where it came from, on the timeline too. */
  void setSmsOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source);

  /** Records e-mail unsubscribe (or re-subscribe), with where it came from. */
  void setEmailOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source);

  /** Adds an entry to the contact's activity timeline. */
  void recordActivity(TenantId tenant, UUID contactId, Activity activity);

  /** One entry of a contact's timeline. {@code kind}: message, call, email, note, stage, tag, execution, booking. */
  record Activity(String kind, String summary, Optional<UUID> refId, JsonNode details) {}

  /** A field value the CRM does not accept; the message says which and why, in plain words. */
  final class InvalidContact extends Exception {
    public InvalidContact(String message) {
      super(message);
    }
  }
}
