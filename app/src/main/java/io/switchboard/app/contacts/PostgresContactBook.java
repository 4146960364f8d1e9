package io.switchboard.app.contacts;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.crm.PhoneNumbers;
import io.switchboard.schema.jooq.tables.records.ContactsRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.switchboard.schema.jooq.Tables.CONTACTS;
import static io.switchboard.schema.jooq.Tables.CONTACT_ACTIVITIES;

/** The built-in CRM on PostgreSQL, inside the tenant's row-level-security scope. */
@Component
public class PostgresContactBook implements ContactBook {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
  private static final Pattern TAG = Pattern.compile("^[\\p{L}\\p{N} _.:-]{1,50}$");

  private final TenantDatabase db;
  private final Clock clock;
  private final ContactLimit limit;

  public PostgresContactBook(TenantDatabase db, Clock clock, ContactLimit limit) {
    this.db = db;
    this.clock = clock;
    this.limit = limit;
  }

  @Override
  public Contact create(TenantId tenant, ContactChanges fields) throws InvalidContact {
    Optional<String> full = limit.refusal(tenant);
    if (full.isPresent()) {
      throw new InvalidContact(full.get());
    }
    return createSender(tenant, fields);
  }

  @Override
  public Optional<Contact> find(TenantId tenant, UUID contactId) {
    return db.inTenant(tenant, tx -> tx.selectFrom(CONTACTS).where(CONTACTS.ID.eq(contactId)).fetchOptional())
        .map(PostgresContactBook::contact);
  }

  @Override
  public Optional<Contact> findByPhone(TenantId tenant, String e164) {
    return db.inTenant(tenant, tx -> tx.selectFrom(CONTACTS).where(CONTACTS.PHONE.eq(e164)).fetchOptional())
        .map(PostgresContactBook::contact);
  }

  @Override
  public Optional<Contact> findByEmail(TenantId tenant, String email) {
    return db.inTenant(tenant, tx -> tx.selectFrom(CONTACTS)
        .where(DSL.lower(CONTACTS.EMAIL).eq(email.trim().toLowerCase(Locale.ROOT)))
        .orderBy(CONTACTS.CREATED_AT).limit(1).fetchOptional())
        .map(PostgresContactBook::contact);
  }

  @Override
  public Contact createSender(TenantId tenant, ContactChanges fields) throws InvalidContact {
    check(fields);
    UUID id = UUID.randomUUID();
    OffsetDateTime now = now();
    ContactsRecord created = db.inTenant(tenant, tx -> {
      // A concurrent inbound message from the same number may have created it a moment ago.
      Optional<ContactsRecord> raced = fields.phone().flatMap(p -> tx.selectFrom(CONTACTS).where(CONTACTS.PHONE.eq(p)).fetchOptional());
      if (raced.isPresent()) {
        return raced.get();
      }
      ContactsRecord r = tx.newRecord(CONTACTS);
      r.setTenantId(tenant.value());
      r.setId(id);
      r.setFirstName(fields.firstName().orElse(""));
      r.setLastName(fields.lastName().orElse(""));
      r.setPhone(fields.phone().orElse(null));
      r.setEmail(fields.email().map(String::trim).orElse(null));
      r.setCompany(fields.company().orElse(""));
      r.setStage(fields.stage().orElse("new"));
      r.setLeadScore(fields.leadScore().orElse(null));
      r.setTags(fields.addTags().toArray(String[]::new));
      r.setCustomFields(JSONB.valueOf(fields.customFields().map(JSON::writeValueAsString).orElse("{}")));
      r.setCreatedAt(now);
      r.setUpdatedAt(now);
      tx.insertInto(CONTACTS).set(r).onConflictDoNothing().execute();
      ContactsRecord stored = fields.phone().isPresent()
          ? tx.selectFrom(CONTACTS).where(CONTACTS.PHONE.eq(fields.phone().get())).fetchOne()
          : tx.selectFrom(CONTACTS).where(CONTACTS.ID.eq(id)).fetchOne();
      if (stored.getId().equals(id)) {
        activity(tx, tenant, id, new Activity("created", "Contact added", Optional.empty(), JsonNodeFactory.instance.objectNode()), now);
      }
      return stored;
    });
    return contact(created);
  }

  @Override
  public Optional<Contact> update(TenantId tenant, UUID contactId, ContactChanges changes) throws InvalidContact {
    check(changes);
    OffsetDateTime now = now();
    return db.inTenant(tenant, tx -> {
      Optional<ContactsRecord> found = tx.selectFrom(CONTACTS).where(CONTACTS.ID.eq(contactId)).forUpdate().fetchOptional();
      if (found.isEmpty()) {
        return Optional.<Contact>empty();
      }
      ContactsRecord r = found.get();
      String oldStage = r.getStage();
      changes.firstName().ifPresent(r::setFirstName);
      changes.lastName().ifPresent(r::setLastName);
      changes.phone().ifPresent(r::setPhone);
      changes.email().map(String::trim).ifPresent(r::setEmail);
      changes.company().ifPresent(r::setCompany);
      changes.stage().ifPresent(r::setStage);
      changes.leadScore().ifPresent(r::setLeadScore);
      if (!changes.addTags().isEmpty()) {
        Set<String> tags = new LinkedHashSet<>(Arrays.asList(r.getTags()));
        tags.addAll(changes.addTags());
        r.setTags(tags.toArray(String[]::new));
      }
      changes.customFields().ifPresent(extra -> {
        ObjectNode merged = (ObjectNode) JSON.readTree(r.getCustomFields().data());
        extra.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        r.setCustomFields(JSONB.valueOf(JSON.writeValueAsString(merged)));
      });
      r.setUpdatedAt(now);
      r.store();
      if (changes.stage().isPresent() && !changes.stage().get().equals(oldStage)) {
        activity(tx, tenant, contactId, new Activity("stage", "Moved from " + oldStage + " to " + r.getStage(), Optional.empty(),
            JsonNodeFactory.instance.objectNode().put("from", oldStage).put("to", r.getStage())), now);
      }
      return Optional.of(contact(r));
    });
  }

  @Override
  public Optional<Contact> tag(TenantId tenant, UUID contactId, Set<String> add, Set<String> remove) {
    for (String t : add) {
      if (!TAG.matcher(t).matches()) {
        throw new IllegalArgumentException("A tag is 1 to 50 letters, digits, spaces or . _ : - ; \"" + t + "\" is not.");
      }
    }
    OffsetDateTime now = now();
    return db.inTenant(tenant, tx -> {
      Optional<ContactsRecord> found = tx.selectFrom(CONTACTS).where(CONTACTS.ID.eq(contactId)).forUpdate().fetchOptional();
      if (found.isEmpty()) {
        return Optional.<Contact>empty();
      }
      ContactsRecord r = found.get();
      Set<String> tags = new LinkedHashSet<>(Arrays.asList(r.getTags()));
      tags.addAll(add);
      tags.removeAll(remove);
      r.setTags(tags.toArray(String[]::new));
      r.setUpdatedAt(now);
      r.store();
      List<String> parts = new java.util.ArrayList<>();
      if (!add.isEmpty()) {
        parts.add("tagged " + String.join(", ", add));
      }
      if (!remove.isEmpty()) {
        parts.add("untagged " + String.join(", ", remove));
      }
      if (!parts.isEmpty()) {
        String summary = String.join("; ", parts);
        activity(tx, tenant, contactId, new Activity("tag", Character.toUpperCase(summary.charAt(0)) + summary.substring(1),
            Optional.empty(), JsonNodeFactory.instance.objectNode()), now);
      }
      return Optional.of(contact(r));
    });
  }

  @Override
  public void setSmsOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source) {
    OffsetDateTime now = now();
    db.runInTenant(tenant, tx -> {
      int changed = tx.update(CONTACTS).set(CONTACTS.SMS_OPTED_OUT, optedOut)
          .set(CONTACTS.OPTED_OUT_AT, optedOut ? now : null).set(CONTACTS.UPDATED_AT, now)
          .where(CONTACTS.ID.eq(contactId)).execute();
      if (changed > 0) {
        activity(tx, tenant, contactId, new Activity(optedOut ? "opt_out" : "opt_in",
            (optedOut ? "Opted out of messages (" : "Opted back in to messages (") + source + ")", Optional.empty(),
            JsonNodeFactory.instance.objectNode().put("channel", "sms")), now);
      }
    });
  }

  @Override
  public void setEmailOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source) {
    OffsetDateTime now = now();
    db.runInTenant(tenant, tx -> {
      int changed = tx.update(CONTACTS).set(CONTACTS.EMAIL_OPTED_OUT, optedOut).set(CONTACTS.UPDATED_AT, now)
          .where(CONTACTS.ID.eq(contactId)).execute();
      if (changed > 0) {
        activity(tx, tenant, contactId, new Activity(optedOut ? "opt_out" : "opt_in",
            (optedOut ? "Unsubscribed from e-mail (" : "Subscribed to e-mail again (") + source + ")", Optional.empty(),
            JsonNodeFactory.instance.objectNode().put("channel", "email")), now);
      }
    });
  }

  @Override
  public void recordActivity(TenantId tenant, UUID contactId, Activity activity) {
    OffsetDateTime now = now();
    db.runInTenant(tenant, tx -> activity(tx, tenant, contactId, activity, now));
  }

  static void activity(DSLContext tx, TenantId tenant, UUID contactId, Activity activity, OffsetDateTime at) {
    String summary = activity.summary().length() > 2000 ? activity.summary().substring(0, 2000) + "…" : activity.summary();
    tx.insertInto(CONTACT_ACTIVITIES)
        .set(CONTACT_ACTIVITIES.TENANT_ID, tenant.value())
        .set(CONTACT_ACTIVITIES.ID, UUID.randomUUID())
        .set(CONTACT_ACTIVITIES.CONTACT_ID, contactId)
        .set(CONTACT_ACTIVITIES.AT, at)
        .set(CONTACT_ACTIVITIES.KIND, activity.kind())
        .set(CONTACT_ACTIVITIES.SUMMARY, summary)
        .set(CONTACT_ACTIVITIES.REF_ID, activity.refId().orElse(null))
        .set(CONTACT_ACTIVITIES.DETAILS, JSONB.valueOf(JSON.writeValueAsString(
            activity.details() == null ? JsonNodeFactory.instance.objectNode() : activity.details())))
        .execute();
  }

  private static void check(ContactChanges c) throws InvalidContact {
    if (c.phone().isPresent() && !PhoneNumbers.isE164(c.phone().get())) {
      throw new InvalidContact("\"" + c.phone().get() + "\" is not a phone number like +15551234567.");
    }
    if (c.email().isPresent() && !EMAIL.matcher(c.email().get().trim()).matches()) {
      throw new InvalidContact("\"" + c.email().get() + "\" is not an e-mail address.");
    }
    for (String t : c.addTags()) {
      if (!TAG.matcher(t).matches()) {
        throw new InvalidContact("A tag is 1 to 50 letters, digits, spaces or . _ : - ; \"" + t + "\" is not.");
      }
    }
    if (c.firstName().map(String::length).orElse(0) > 200 || c.lastName().map(String::length).orElse(0) > 200
        || c.company().map(String::length).orElse(0) > 200) {
      throw new InvalidContact("Names and companies are at most 200 characters long.");
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  static Contact contact(ContactsRecord r) {
    JsonNode custom = JSON.readTree(r.getCustomFields() == null ? "{}" : r.getCustomFields().data());
    return new Contact(r.getId(), r.getFirstName(), r.getLastName(), Optional.ofNullable(r.getPhone()),
        Optional.ofNullable(r.getEmail()), r.getCompany(), List.of(r.getTags()), r.getStage(),
        Optional.ofNullable(r.getLeadScore()), custom, Boolean.TRUE.equals(r.getSmsOptedOut()),
        Boolean.TRUE.equals(r.getEmailOptedOut()));
  }
}
