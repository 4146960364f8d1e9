package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.crm.Contact;
import io.switchboard.nodes.crm.ContactBook;
import io.switchboard.nodes.crm.ContactChanges;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The CRM as a map, enough for the agent's lookup tool. */
final class MapContacts implements ContactBook {

  final Map<UUID, Contact> byId = new ConcurrentHashMap<>();

  Contact add(String first, String phone, String company) {
    Contact c = new Contact(UUID.randomUUID(), first, "", Optional.of(phone), Optional.empty(), company, List.of("vip"),
        "qualified", Optional.of(80), JsonNodeFactory.instance.objectNode(), false, false);
    byId.put(c.id(), c);
    return c;
  }

  @Override public Optional<Contact> find(TenantId t, UUID id) { return Optional.ofNullable(byId.get(id)); }
  @Override public Optional<Contact> findByPhone(TenantId t, String e164) {
    return byId.values().stream().filter(c -> c.phone().equals(Optional.of(e164))).findFirst();
  }
  @Override public Optional<Contact> findByEmail(TenantId t, String email) {
    return byId.values().stream().filter(c -> c.email().map(email::equalsIgnoreCase).orElse(false)).findFirst();
  }
  @Override public Contact create(TenantId t, ContactChanges f) { throw new UnsupportedOperationException("not used by AI tests"); }
  @Override public Optional<Contact> update(TenantId t, UUID id, ContactChanges c) { return find(t, id); }
  @Override public Optional<Contact> tag(TenantId t, UUID id, Set<String> add, Set<String> remove) { return find(t, id); }
  @Override public void setSmsOptOut(TenantId t, UUID id, boolean o, String s) {}
  @Override public void setEmailOptOut(TenantId t, UUID id, boolean o, String s) {}
  @Override public void recordActivity(TenantId t, UUID id, Activity a) {}
}
