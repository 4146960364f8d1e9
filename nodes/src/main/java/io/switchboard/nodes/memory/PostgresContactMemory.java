package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantDatabase;
import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import org.jooq.DSLContext;
import org.jooq.Record;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Contact memory in PostgreSQL ({@code memory_entities}, {@code memory_episodes}, {@code memory_facts}),
 * inside the tenant's row-level-security scope. The contact must exist in the workspace (foreign keys).
 */
public final class PostgresContactMemory implements ContactMemory {

  private static final String FACTS = "SELECT f.*, s.name AS s_name, s.kind AS s_kind, o.name AS o_name, o.kind AS o_kind "
      + "FROM memory_facts f JOIN memory_entities s ON s.tenant_id = f.tenant_id AND s.id = f.subject_id "
      + "JOIN memory_entities o ON o.tenant_id = f.tenant_id AND o.id = f.object_id WHERE f.tenant_id = ? AND f.contact_id = ? ";
  private static final String ORDER = "ORDER BY s.kind <> 'contact', s.name_key, f.relation, o.name_key";

  private final TenantDatabase db;

  public PostgresContactMemory(TenantDatabase db) {
    this.db = db;
  }

  @Override
  public Episode addEpisode(TenantId tenant, UUID contactId, EpisodeKind kind, String content, Instant at) {
    UUID id = UUID.randomUUID();
    refusingUnknown(contactId, () -> db.inTenant(tenant, tx -> tx.execute("INSERT INTO memory_episodes (tenant_id, id, contact_id, kind, content, occurred_at) "
        + "VALUES (?, ?, ?, ?, ?, ?::timestamptz)", tenant.value(), id, contactId, kind.name().toLowerCase(Locale.ROOT), content,
        utc(at))));
    return new Episode(id, contactId, kind, content, at);
  }

  @Override
  public Remembered remember(TenantId tenant, UUID contactId, Statement statement, Instant at, Optional<UUID> episode, String source) {
    String relation = statement.checkedRelation();
    return refusingUnknown(contactId, () -> db.inTenant(tenant, tx -> {
      Entity subject = entity(tx, tenant, contactId, statement.subject(), statement.subjectKind());
      Entity object = entity(tx, tenant, contactId, statement.object(), statement.objectKind());
      // One writer per contact, subject and relation at a time: two executions remembering at once queue here.
      tx.execute("SELECT pg_advisory_xact_lock(hashtextextended(? || ':' || ? || ':' || ?, 0))", contactId.toString(),
          subject.id().toString(), relation);
      List<Fact> current = tx.fetch(FACTS + "AND f.subject_id = ? AND f.relation = ? AND f.valid_to IS NULL " + ORDER,
          tenant.value(), contactId, subject.id(), relation).map(PostgresContactMemory::fact);
      for (Fact f : current) {
        if (f.object().id().equals(object.id())) {
          return new Remembered(f, Change.UNCHANGED, Optional.empty());
        }
      }
      Optional<Fact> closed = Optional.empty();
      if (statement.singleValued()) {
        for (Fact old : current) {
          tx.execute("UPDATE memory_facts SET valid_to = ?::timestamptz WHERE tenant_id = ? AND id = ?", utc(at), tenant.value(), old.id());
          closed = Optional.of(new Fact(old.id(), old.contactId(), old.subject(), old.relation(), old.object(), old.validFrom(),
              Optional.of(at), old.episodeId(), old.source()));
        }
      }
      UUID id = UUID.randomUUID();
      tx.execute("INSERT INTO memory_facts (tenant_id, id, contact_id, subject_id, relation, object_id, valid_from, episode_id, source) "
              + "VALUES (?, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?)", tenant.value(), id, contactId, subject.id(), relation, object.id(),
          utc(at), episode.orElse(null), source);
      Fact added = new Fact(id, contactId, subject, relation, object, at, Optional.empty(), episode, source);
      return new Remembered(added, closed.isPresent() ? Change.REPLACED : Change.ADDED, closed);
    }));
  }

  /** A foreign-key violation on the contact: it is not in this workspace (row-level security hides other workspaces' rows). */
  private static <T> T refusingUnknown(UUID contactId, java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (org.jooq.exception.DataAccessException e) {
      if ("23503".equals(e.sqlState())) {
        throw new UnknownContact(contactId, e);
      }
      throw e;
    }
  }

  /** The entity a name stands for in the workspace, created on first mention; {@value #CONTACT} is the contact itself. */
  private static Entity entity(DSLContext tx, TenantId tenant, UUID contactId, String name, String kind) {
    String key = ContactMemory.nameKey(name);
    boolean contact = key.equals(CONTACT);
    String storedKey = contact ? "contact:" + contactId : key;
    tx.execute("INSERT INTO memory_entities (tenant_id, id, contact_id, name, name_key, kind) VALUES (?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (tenant_id, name_key) DO NOTHING", tenant.value(), UUID.randomUUID(), contact ? contactId : null,
        contact ? CONTACT : name.strip().replaceAll("\\s+", " "), storedKey, contact ? CONTACT : kindOf(kind));
    Record r = tx.fetchOne("SELECT id, name, kind FROM memory_entities WHERE tenant_id = ? AND name_key = ?", tenant.value(), storedKey);
    return new Entity(r.get("id", UUID.class), r.get("name", String.class), r.get("kind", String.class));
  }

  static String kindOf(String kind) {
    String k = kind == null ? "" : ContactMemory.relationKey(kind);
    return k.isEmpty() || k.equals(CONTACT) ? "thing" : k.length() > 40 ? k.substring(0, 40) : k;
  }

  @Override
  public List<Fact> current(TenantId tenant, UUID contactId) {
    return db.inTenant(tenant, tx -> tx.fetch(FACTS + "AND f.valid_to IS NULL " + ORDER, tenant.value(), contactId)
        .map(PostgresContactMemory::fact));
  }

  @Override
  public List<Fact> history(TenantId tenant, UUID contactId, String relation) {
    return db.inTenant(tenant, tx -> tx.fetch(FACTS + "AND f.relation = ? ORDER BY f.valid_from, f.created_at, s.name_key",
        tenant.value(), contactId, ContactMemory.relationKey(relation)).map(PostgresContactMemory::fact));
  }

  @Override
  public List<Fact> matching(TenantId tenant, UUID contactId, String text) {
    List<String> words = ContactMemory.words(text);
    if (words.isEmpty()) {
      return List.of();
    }
    return db.inTenant(tenant, tx -> tx.fetch(FACTS + "AND f.valid_to IS NULL "
            + "AND lower(s.name || ' ' || replace(f.relation, '_', ' ') || ' ' || o.name) LIKE ANY (?) " + ORDER, tenant.value(), contactId,
        words.stream().map(w -> "%" + w.replace("%", "").replace("_", "") + "%").toArray(String[]::new))
        .map(PostgresContactMemory::fact));
  }

  @Override
  public List<Episode> episodes(TenantId tenant, UUID contactId) {
    return db.inTenant(tenant, tx -> tx.fetch("SELECT * FROM memory_episodes WHERE tenant_id = ? AND contact_id = ? "
        + "ORDER BY occurred_at, created_at", tenant.value(), contactId).map(r -> new Episode(r.get("id", UUID.class), contactId,
        EpisodeKind.valueOf(r.get("kind", String.class).toUpperCase(Locale.ROOT)), r.get("content", String.class),
        r.get("occurred_at", OffsetDateTime.class).toInstant())));
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Fact fact(Record r) {
    return new Fact(r.get("id", UUID.class), r.get("contact_id", UUID.class),
        new Entity(r.get("subject_id", UUID.class), r.get("s_name", String.class), r.get("s_kind", String.class)),
        r.get("relation", String.class),
        new Entity(r.get("object_id", UUID.class), r.get("o_name", String.class), r.get("o_kind", String.class)),
        r.get("valid_from", OffsetDateTime.class).toInstant(),
        Optional.ofNullable(r.get("valid_to", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
        Optional.ofNullable(r.get("episode_id", UUID.class)), r.get("source", String.class));
  }
}
