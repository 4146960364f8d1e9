package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Contact memory in Neo4j, through the official Java driver: entities are {@code (:MemoryEntity)}
 * nodes, episodes {@code (:MemoryEpisode)} nodes that {@code [:MENTIONS]} the entities their facts
 * name, and facts {@code [:FACT]} relationships from subject to object carrying the relation and
 * the validity interval. Neo4j has no row-level security: every node and relationship carries
 * {@code tenantId}, and every query matches on it. Neo4j does not see the workspace's contacts, so
 * unlike PostgreSQL it does not refuse facts about an unknown contact id; they stay in the writing
 * tenant's graph.
 */
public final class Neo4jContactMemory implements ContactMemory {

  private static final String FACT_PATTERN = "MATCH (s:MemoryEntity {tenantId: $tenant})-[f:FACT {tenantId: $tenant, contactId: $contact}]->"
      + "(o:MemoryEntity {tenantId: $tenant}) ";
  private static final String FACT_RETURN = "RETURN f {.*} AS f, s {.id, .name, .kind, .nameKey} AS s, o {.id, .name, .kind, .nameKey} AS o ";
  private static final String ORDER = "ORDER BY s.kind <> 'contact', s.nameKey, f.relation, o.nameKey";

  private final Driver driver;
  private final SessionConfig sessions;

  /** {@code database}: empty for the server's default database. */
  public Neo4jContactMemory(Driver driver, Optional<String> database) {
    this.driver = driver;
    this.sessions = database.filter(d -> !d.isBlank()).map(d -> SessionConfig.builder().withDatabase(d).build())
        .orElse(SessionConfig.defaultConfig());
  }

  /** Creates the constraints and indexes the queries use, when missing. */
  public Neo4jContactMemory ensureSchema() {
    try (Session session = driver.session(sessions)) {
      for (String ddl : List.of(
          "CREATE CONSTRAINT memory_entity_key IF NOT EXISTS FOR (e:MemoryEntity) REQUIRE (e.tenantId, e.nameKey) IS UNIQUE",
          "CREATE CONSTRAINT memory_episode_id IF NOT EXISTS FOR (e:MemoryEpisode) REQUIRE (e.tenantId, e.id) IS UNIQUE",
          "CREATE INDEX memory_entity_id IF NOT EXISTS FOR (e:MemoryEntity) ON (e.tenantId, e.id)",
          "CREATE INDEX memory_episode_contact IF NOT EXISTS FOR (e:MemoryEpisode) ON (e.tenantId, e.contactId)",
          "CREATE INDEX memory_fact_contact IF NOT EXISTS FOR ()-[f:FACT]-() ON (f.tenantId, f.contactId)")) {
        session.run(ddl).consume();
      }
    }
    return this;
  }

  @Override
  public Episode addEpisode(TenantId tenant, UUID contactId, EpisodeKind kind, String content, Instant at) {
    UUID id = UUID.randomUUID();
    write(tx -> tx.run("CREATE (:MemoryEpisode {tenantId: $tenant, id: $id, contactId: $contact, kind: $kind, content: $content, "
        + "occurredAt: $at, createdAt: datetime()})", params(tenant, contactId, "id", id.toString(), "kind",
        kind.name().toLowerCase(Locale.ROOT), "content", content, "at", utc(at))).consume());
    return new Episode(id, contactId, kind, content, at);
  }

  @Override
  public Remembered remember(TenantId tenant, UUID contactId, Statement statement, Instant at, Optional<UUID> episode, String source) {
    String relation = statement.checkedRelation();
    return write(tx -> {
      Entity subject = entity(tx, tenant, contactId, statement.subject(), statement.subjectKind());
      Entity object = entity(tx, tenant, contactId, statement.object(), statement.objectKind());
      // Writing to the subject takes its lock: two transactions remembering about it at once queue here.
      tx.run("MATCH (s:MemoryEntity {tenantId: $tenant, id: $id}) SET s.touchedAt = datetime()",
          params(tenant, contactId, "id", subject.id().toString())).consume();
      List<Fact> current = tx.run(FACT_PATTERN + "WHERE s.id = $subject AND f.relation = $relation AND f.validTo IS NULL "
          + FACT_RETURN + ORDER, params(tenant, contactId, "subject", subject.id().toString(), "relation", relation))
          .list(Neo4jContactMemory::fact);
      for (Fact f : current) {
        if (f.object().id().equals(object.id())) {
          return new Remembered(f, Change.UNCHANGED, Optional.empty());
        }
      }
      Optional<Fact> closed = Optional.empty();
      if (statement.singleValued() && !current.isEmpty()) {
        tx.run(FACT_PATTERN + "WHERE f.id IN $ids SET f.validTo = $at", params(tenant, contactId, "ids",
            current.stream().map(f -> f.id().toString()).toList(), "at", utc(at))).consume();
        Fact old = current.getLast();
        closed = Optional.of(new Fact(old.id(), old.contactId(), old.subject(), old.relation(), old.object(), old.validFrom(),
            Optional.of(at), old.episodeId(), old.source()));
      }
      UUID id = UUID.randomUUID();
      tx.run("MATCH (s:MemoryEntity {tenantId: $tenant, id: $subject}), (o:MemoryEntity {tenantId: $tenant, id: $object}) "
          + "CREATE (s)-[:FACT {tenantId: $tenant, id: $id, contactId: $contact, relation: $relation, validFrom: $at, validTo: null, "
          + "episodeId: $episode, source: $source, createdAt: datetime()}]->(o)", params(tenant, contactId, "subject",
          subject.id().toString(), "object", object.id().toString(), "id", id.toString(), "relation", relation, "at", utc(at),
          "episode", episode.map(UUID::toString).orElse(null), "source", source)).consume();
      episode.ifPresent(ep -> tx.run("MATCH (e:MemoryEpisode {tenantId: $tenant, id: $episode, contactId: $contact}), "
          + "(s:MemoryEntity {tenantId: $tenant, id: $subject}), (o:MemoryEntity {tenantId: $tenant, id: $object}) "
          + "MERGE (e)-[:MENTIONS {tenantId: $tenant}]->(s) MERGE (e)-[:MENTIONS {tenantId: $tenant}]->(o)",
          params(tenant, contactId, "episode", ep.toString(), "subject", subject.id().toString(), "object", object.id().toString()))
          .consume());
      Fact added = new Fact(id, contactId, subject, relation, object, at, Optional.empty(), episode, source);
      return new Remembered(added, closed.isPresent() ? Change.REPLACED : Change.ADDED, closed);
    });
  }

  private static Entity entity(TransactionContext tx, TenantId tenant, UUID contactId, String name, String kind) {
    String key = ContactMemory.nameKey(name);
    boolean contact = key.equals(CONTACT);
    Record r = tx.run("MERGE (e:MemoryEntity {tenantId: $tenant, nameKey: $key}) "
            + "ON CREATE SET e.id = $id, e.name = $name, e.kind = $kind, e.contactId = $entityContact, e.createdAt = datetime() "
            + "RETURN e.id AS id, e.name AS name, e.kind AS kind",
        params(tenant, contactId, "key", contact ? "contact:" + contactId : key, "id", UUID.randomUUID().toString(), "name",
            contact ? CONTACT : name.strip().replaceAll("\\s+", " "), "kind", contact ? CONTACT : PostgresContactMemory.kindOf(kind),
            "entityContact", contact ? contactId.toString() : null)).single();
    return new Entity(UUID.fromString(r.get("id").asString()), r.get("name").asString(), r.get("kind").asString());
  }

  @Override
  public List<Fact> current(TenantId tenant, UUID contactId) {
    return read(tx -> tx.run(FACT_PATTERN + "WHERE f.validTo IS NULL " + FACT_RETURN + ORDER, params(tenant, contactId))
        .list(Neo4jContactMemory::fact));
  }

  @Override
  public List<Fact> history(TenantId tenant, UUID contactId, String relation) {
    return read(tx -> tx.run(FACT_PATTERN + "WHERE f.relation = $relation " + FACT_RETURN
            + "ORDER BY f.validFrom, f.createdAt, s.nameKey", params(tenant, contactId, "relation", ContactMemory.relationKey(relation)))
        .list(Neo4jContactMemory::fact));
  }

  @Override
  public List<Fact> matching(TenantId tenant, UUID contactId, String text) {
    List<String> words = ContactMemory.words(text);
    if (words.isEmpty()) {
      return List.of();
    }
    return read(tx -> tx.run(FACT_PATTERN + "WHERE f.validTo IS NULL AND any(w IN $words WHERE toLower(s.name + ' ' + "
        + "replace(f.relation, '_', ' ') + ' ' + o.name) CONTAINS w) " + FACT_RETURN + ORDER, params(tenant, contactId, "words", words))
        .list(Neo4jContactMemory::fact));
  }

  @Override
  public List<Episode> episodes(TenantId tenant, UUID contactId) {
    return read(tx -> tx.run("MATCH (e:MemoryEpisode {tenantId: $tenant, contactId: $contact}) RETURN e {.*} AS e "
        + "ORDER BY e.occurredAt, e.createdAt", params(tenant, contactId)).list(r -> {
          Value e = r.get("e");
          return new Episode(UUID.fromString(e.get("id").asString()), contactId,
              EpisodeKind.valueOf(e.get("kind").asString().toUpperCase(Locale.ROOT)), e.get("content").asString(),
              e.get("occurredAt").asZonedDateTime().toInstant());
        }));
  }

  private <T> T write(org.neo4j.driver.TransactionCallback<T> work) {
    try (Session session = driver.session(sessions)) {
      return session.executeWrite(work);
    }
  }

  private <T> T read(org.neo4j.driver.TransactionCallback<T> work) {
    try (Session session = driver.session(sessions)) {
      return session.executeRead(work);
    }
  }

  /** The tenant and contact every query is scoped by, and the query's own parameters (nulls allowed). */
  private static Map<String, Object> params(TenantId tenant, UUID contactId, Object... more) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant.value().toString());
    p.put("contact", contactId.toString());
    for (int i = 0; i < more.length; i += 2) {
      p.put((String) more[i], more[i + 1]);
    }
    return p;
  }

  private static OffsetDateTime utc(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Fact fact(Record r) {
    Value f = r.get("f");
    Value s = r.get("s");
    Value o = r.get("o");
    Value validTo = f.get("validTo");
    Value episode = f.get("episodeId");
    return new Fact(UUID.fromString(f.get("id").asString()), UUID.fromString(f.get("contactId").asString()),
        new Entity(UUID.fromString(s.get("id").asString()), s.get("name").asString(), s.get("kind").asString()),
        f.get("relation").asString(),
        new Entity(UUID.fromString(o.get("id").asString()), o.get("name").asString(), o.get("kind").asString()),
        f.get("validFrom").asZonedDateTime().toInstant(),
        validTo.isNull() ? Optional.empty() : Optional.of(validTo.asZonedDateTime().toInstant()),
        episode.isNull() ? Optional.empty() : Optional.of(UUID.fromString(episode.asString())), f.get("source").asString(""));
  }
}
