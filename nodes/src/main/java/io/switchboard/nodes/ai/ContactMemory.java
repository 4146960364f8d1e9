package io.switchboard.nodes.ai;

import io.switchboard.engine.tenancy.TenantId;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What a workspace remembers about each contact, as a temporal knowledge graph (after Graphiti):
 * <ul>
 *   <li>episodes: a message, call transcript or note about the contact, kept as it was;</li>
 *   <li>entities: the contact itself (name {@value #CONTACT}), and the people, places, products,
 *   organisations and values facts mention; one entity per name in a workspace;</li>
 *   <li>facts: subject entity – relation – object entity, true from {@code validFrom} until
 *   {@code validTo}, naming the episode they came from.</li>
 * </ul>
 * A new fact contradicting a current one (same contact, subject and relation, with a relation that
 * holds one value at a time) closes the old one instead of deleting it, so the history stays.
 *
 * <p>Every call names the tenant; a backend keeps each tenant's memory invisible to the others.
 * Backends: {@code PostgresContactMemory} (default) and {@code Neo4jContactMemory}; both pass
 * {@code ContactMemoryContract}.
 */
public interface ContactMemory {

  /** The name of the entity that stands for the contact itself. */
  String CONTACT = "contact";

  /** Kinds of episode. */
  enum EpisodeKind { MESSAGE, CALL, NOTE, STEP }

  record Episode(UUID id, UUID contactId, EpisodeKind kind, String content, Instant occurredAt) {}

  /** A node of the graph; {@code kind} is {@code contact}, {@code person}, {@code place}, {@code value}, …. */
  record Entity(UUID id, String name, String kind) {}

  /** An edge of the graph; {@code validTo} is empty while it is current. */
  record Fact(UUID id, UUID contactId, Entity subject, String relation, Entity object, Instant validFrom,
              Optional<Instant> validTo, Optional<UUID> episodeId, String source) {

    /** The relation for a fact about the contact itself, else "subject relation" (such as {@code rex breed}). */
    public String attribute() {
      return CONTACT.equals(subject.kind()) ? relation : subject.name().toLowerCase(Locale.ROOT) + " " + relation;
    }

    public String value() {
      return object.name();
    }

    public boolean current() {
      return validTo.isEmpty();
    }
  }

  /**
   * A fact to remember: {@code subject} {@value #CONTACT} means the contact. {@code singleValued}: the
   * relation holds one object at a time (lives_in, preferred_day), so a new object closes the old;
   * otherwise (likes, has_child) facts with other objects stand side by side.
   */
  record Statement(String subject, String subjectKind, String relation, String object, String objectKind, boolean singleValued) {

    /** A single-valued fact about the contact itself: its {@code attribute} is {@code value}. */
    public static Statement about(String attribute, String value) {
      return new Statement(CONTACT, CONTACT, attribute, value, "value", true);
    }

    /**
     * The relation as stored; {@link IllegalArgumentException} when the subject, relation or object is
     * empty, or longer than a backend keeps (names 300 characters, relations 100).
     */
    public String checkedRelation() {
      String key = relationKey(relation == null ? "" : relation);
      if (key.isEmpty() || subject == null || subject.isBlank() || object == null || object.isBlank()) {
        throw new IllegalArgumentException("a fact needs a subject, a relation and an object");
      }
      if (key.length() > 100 || subject.strip().length() > 300 || object.strip().length() > 300) {
        throw new IllegalArgumentException("a fact's names are at most 300 characters, its relation at most 100");
      }
      return key;
    }
  }

  /** The contact is not in the tenant's workspace (a backend that knows the workspace's contacts refuses such facts). */
  final class UnknownContact extends RuntimeException {
    public UnknownContact(UUID contactId, Throwable cause) {
      super("there is no contact " + contactId + " in this workspace", cause);
    }
  }

  /** What remembering one fact did. */
  enum Change { ADDED, REPLACED, UNCHANGED }

  record Remembered(Fact fact, Change change, Optional<Fact> closed) {}

  /** Keeps an episode about the contact; facts taken from it name it. Throws {@link UnknownContact}. */
  Episode addEpisode(TenantId tenant, UUID contactId, EpisodeKind kind, String content, Instant at);

  /**
   * Records the statement as true from {@code at}, creating the entities it names, and closing a
   * contradicting current fact. Throws {@link IllegalArgumentException} for an empty subject,
   * relation or object, and {@link UnknownContact}.
   */
  Remembered remember(TenantId tenant, UUID contactId, Statement statement, Instant at, Optional<UUID> episode, String source);

  /** Records that {@code attribute} of the contact is {@code value} from {@code at} (a single-valued fact about the contact). */
  default Remembered remember(TenantId tenant, UUID contactId, String attribute, String value, Instant at, String source) {
    return remember(tenant, contactId, Statement.about(attribute, value), at, Optional.empty(), source);
  }

  /** The contact's current facts, ordered by subject (the contact first) and relation. */
  List<Fact> current(TenantId tenant, UUID contactId);

  /** Every fact the relation has had in the contact's memory (any subject), current or closed, oldest first. */
  List<Fact> history(TenantId tenant, UUID contactId, String relation);

  /** Current facts whose subject, relation or object contains any word (of 3 letters or more) of {@code text}. */
  List<Fact> matching(TenantId tenant, UUID contactId, String text);

  /** The contact's episodes, oldest first. */
  List<Episode> episodes(TenantId tenant, UUID contactId);

  /** A relation as stored: lower case, words joined by underscores. */
  static String relationKey(String relation) {
    return relation.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
  }

  /** An entity's name as compared: lower case, spaces collapsed. */
  static String nameKey(String name) {
    return name.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** The words {@link #matching} looks for. */
  static List<String> words(String text) {
    return java.util.Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> w.length() > 2).distinct()
        .toList();
  }
}
