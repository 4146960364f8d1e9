package io.switchboard.nodes;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import io.switchboard.nodes.messaging.MessageLog;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory contacts and message log for provider-node tests: what the nodes recorded, readable. */
public final class FakeProviderPorts {

  private FakeProviderPorts() {}

  /** A contact with just a name, an e-mail and a phone. */
  public static Contact contact(String first, String email, String phone, boolean smsOptedOut, boolean emailOptedOut) {
    return new Contact(UUID.randomUUID(), first, "", Optional.ofNullable(phone), Optional.ofNullable(email), "", List.of(),
        "new", Optional.empty(), JsonNodeFactory.instance.objectNode(), smsOptedOut, emailOptedOut);
  }

  public static final class Contacts implements ContactBook {
    public final Map<UUID, Contact> byId = new ConcurrentHashMap<>();

    public Contacts add(Contact c) {
      byId.put(c.id(), c);
      return this;
    }

    @Override
    public Optional<Contact> find(TenantId tenant, UUID contactId) {
      return Optional.ofNullable(byId.get(contactId));
    }

    @Override
    public Optional<Contact> findByPhone(TenantId tenant, String e164) {
      return byId.values().stream().filter(c -> c.phone().filter(e164::equals).isPresent()).findFirst();
    }

    @Override
    public Optional<Contact> findByEmail(TenantId tenant, String email) {
      return byId.values().stream().filter(c -> c.email().filter(email::equalsIgnoreCase).isPresent()).findFirst();
    }

    @Override
    public Contact create(TenantId tenant, ContactChanges fields) {
      Contact c = new Contact(UUID.randomUUID(), fields.firstName().orElse(""), fields.lastName().orElse(""),
          fields.phone(), fields.email(), fields.company().orElse(""), List.copyOf(fields.addTags()),
          fields.stage().orElse("new"), fields.leadScore(), JsonNodeFactory.instance.objectNode(), false, false);
      byId.put(c.id(), c);
      return c;
    }

    @Override
    public Optional<Contact> update(TenantId tenant, UUID contactId, ContactChanges changes) {
      return Optional.ofNullable(byId.get(contactId));
    }

    @Override
    public Optional<Contact> tag(TenantId tenant, UUID contactId, Set<String> add, Set<String> remove) {
      return Optional.ofNullable(byId.get(contactId));
    }

    @Override
    public void setSmsOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source) {
      byId.computeIfPresent(contactId, (id, c) -> new Contact(c.id(), c.firstName(), c.lastName(), c.phone(), c.email(),
          c.company(), c.tags(), c.stage(), c.leadScore(), c.customFields(), optedOut, c.emailOptedOut()));
    }

    @Override
    public void setEmailOptOut(TenantId tenant, UUID contactId, boolean optedOut, String source) {
      byId.computeIfPresent(contactId, (id, c) -> new Contact(c.id(), c.firstName(), c.lastName(), c.phone(), c.email(),
          c.company(), c.tags(), c.stage(), c.leadScore(), c.customFields(), c.smsOptedOut(), optedOut));
    }

    @Override
    public void recordActivity(TenantId tenant, UUID contactId, Activity activity) {
    }
  }

  /** A recorded message with its latest status. */
  public record Recorded(UUID id, MessageLog.Outbound message, String status, Optional<String> providerId,
                         Optional<String> error) {}

  public static final class Messages implements MessageLog {
    public final List<Recorded> all = new CopyOnWriteArrayList<>();

    @Override
    public UUID recordOutbound(TenantId tenant, Outbound message) {
      UUID id = UUID.randomUUID();
      all.add(new Recorded(id, message, "queued", Optional.empty(), Optional.empty()));
      return id;
    }

    @Override
    public void update(TenantId tenant, UUID messageId, String status, Optional<String> providerId, Optional<String> error) {
      all.replaceAll(r -> r.id().equals(messageId) ? new Recorded(r.id(), r.message(), status, providerId, error) : r);
    }

    public Recorded only() {
      if (all.size() != 1) {
        throw new AssertionError("expected one message, found " + all);
      }
      return all.getFirst();
    }
  }
}
