package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Contact memory in PostgreSQL ({@code contact_facts}), inside the tenant's row-level-security scope. */
public final class PostgresContactMemory implements ContactMemory {

  private final TenantDatabase db;

  public PostgresContactMemory(TenantDatabase db) {
    this.db = db;
  }

  static String normalise(String attribute) {
    return attribute.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
  }

  @Override
  public Remembered remember(TenantId tenant, UUID contactId, String attribute, String value, Instant at, String source) {
    String key = normalise(attribute);
    String clean = value.strip();
    if (key.isEmpty() || clean.isEmpty()) {
      throw new IllegalArgumentException("a fact needs an attribute and a value");
    }
    OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    return db.inTenant(tenant, tx -> {
      // One writer per contact and attribute at a time: two executions remembering at once queue here.
      tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(? || ':' || ?, 0))", contactId.toString(), key);
      Optional<Fact> current = tx.fetchOptional("SELECT * FROM contact_facts WHERE tenant_id = ? AND contact_id = ? "
          + "AND attribute = ? AND valid_to IS NULL", tenant.value(), contactId, key).map(PostgresContactMemory::fact);
      if (current.isPresent() && current.get().value().equalsIgnoreCase(clean)) {
        return new Remembered(current.get(), Change.UNCHANGED, Optional.empty());
      }
      Optional<Fact> closed = current.map(old -> {
        tx.execute("UPDATE contact_facts SET valid_to = ?::timestamptz WHERE tenant_id = ? AND id = ?", when, tenant.value(), old.id());
        return new Fact(old.id(), old.contactId(), old.attribute(), old.value(), old.validFrom(), Optional.of(at), old.source());
      });
      UUID id = UUID.randomUUID();
      tx.execute("INSERT INTO contact_facts (tenant_id, id, contact_id, attribute, value, valid_from, source) VALUES (?, ?, ?, ?, ?, ?::timestamptz, ?)",
          tenant.value(), id, contactId, key, clean, when, source);
      Fact added = new Fact(id, contactId, key, clean, at, Optional.empty(), source);
      return new Remembered(added, closed.isPresent() ? Change.REPLACED : Change.ADDED, closed);
    });
  }

  @Override
  public List<Fact> current(TenantId tenant, UUID contactId) {
    return db.inTenant(tenant, tx -> tx.fetch("SELECT * FROM contact_facts WHERE tenant_id = ? AND contact_id = ? AND valid_to IS NULL "
        + "ORDER BY attribute", tenant.value(), contactId).map(PostgresContactMemory::fact));
  }

  @Override
  public List<Fact> history(TenantId tenant, UUID contactId, String attribute) {
    return db.inTenant(tenant, tx -> tx.fetch("SELECT * FROM contact_facts WHERE tenant_id = ? AND contact_id = ? AND attribute = ? "
        + "ORDER BY valid_from, created_at", tenant.value(), contactId, normalise(attribute)).map(PostgresContactMemory::fact));
  }

  @Override
  public List<Fact> matching(TenantId tenant, UUID contactId, String text) {
    List<String> words = Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> w.length() > 2).toList();
    if (words.isEmpty()) {
      return List.of();
    }
    return db.inTenant(tenant, tx -> tx.fetch("SELECT * FROM contact_facts WHERE tenant_id = ? AND contact_id = ? AND valid_to IS NULL "
        + "AND lower(replace(attribute, '_', ' ') || ' ' || value) LIKE ANY (?) ORDER BY attribute", tenant.value(), contactId,
        words.stream().map(w -> "%" + w.replace("%", "").replace("_", "") + "%").toArray(String[]::new))
        .map(PostgresContactMemory::fact));
  }

  private static Fact fact(Record r) {
    return new Fact(r.get("id", UUID.class), r.get("contact_id", UUID.class), r.get("attribute", String.class),
        r.get("value", String.class), r.get("valid_from", OffsetDateTime.class).toInstant(),
        Optional.ofNullable(r.get("valid_to", OffsetDateTime.class)).map(OffsetDateTime::toInstant), r.get("source", String.class));
  }
}
