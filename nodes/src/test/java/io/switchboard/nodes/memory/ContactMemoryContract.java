package io.switchboard.nodes.memory;

import io.switchboard.engine.tenancy.TenantId;
import io.switchboard.nodes.ai.ContactMemory;
import io.switchboard.nodes.ai.ContactMemory.Fact;
import io.switchboard.nodes.ai.ContactMemory.Statement;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every contact-memory backend must do, run against each: a contradicting fact closes the old
 * one and keeps its history; multi-valued relations keep facts side by side; entities are shared by
 * name within a workspace and link facts into a graph with the episodes they came from; facts
 * matching words; and one tenant never seeing, nor changing, another's memories.
 */
abstract class ContactMemoryContract {

  static final Instant MONDAY = Instant.parse("2026-03-02T09:00:00Z");
  static final Instant FRIDAY = Instant.parse("2026-03-06T09:00:00Z");

  abstract ContactMemory memory();

  /** A new contact, in a new tenant when {@code tenant} is empty, as the backend needs it to exist. */
  abstract Scope contact(String name, Optional<TenantId> tenant);

  record Scope(TenantId tenant, UUID contact) {}

  Scope contact(String name) {
    return contact(name, Optional.empty());
  }

  @Test
  void shouldCloseAContradictedFactAndKeepItsHistory() {
    Scope s = contact("Dana");
    ContactMemory m = memory();
    assertThat(m.remember(s.tenant(), s.contact(), "Preferred day", "Tuesday", MONDAY, "sms").change())
        .isEqualTo(ContactMemory.Change.ADDED);
    m.remember(s.tenant(), s.contact(), "pet", "a dog called Rex", MONDAY, "call");
    assertThat(m.remember(s.tenant(), s.contact(), "preferred_day", "tuesday", FRIDAY, "sms").change())
        .as("same value, other case").isEqualTo(ContactMemory.Change.UNCHANGED);
    ContactMemory.Remembered moved = m.remember(s.tenant(), s.contact(), "preferred_day", "Friday", FRIDAY, "sms");
    assertThat(moved.change()).isEqualTo(ContactMemory.Change.REPLACED);
    assertThat(moved.closed().orElseThrow().value()).isEqualTo("Tuesday");
    assertThat(moved.closed().orElseThrow().validTo()).contains(FRIDAY);

    assertThat(m.current(s.tenant(), s.contact())).extracting(Fact::attribute, Fact::value)
        .containsExactly(tuple("pet", "a dog called Rex"), tuple("preferred_day", "Friday"));
    List<Fact> history = m.history(s.tenant(), s.contact(), "preferred day");
    assertThat(history).extracting(Fact::value).containsExactly("Tuesday", "Friday");
    assertThat(history.getFirst().validFrom()).isEqualTo(MONDAY);
    assertThat(history.getFirst().validTo()).contains(FRIDAY);
    assertThat(history.get(1).validTo()).isEmpty();
    assertThat(history).allSatisfy(f -> assertThat(f.subject().kind()).isEqualTo(ContactMemory.CONTACT));
  }

  @Test
  void shouldKeepFactsOfAMultiValuedRelationSideBySide() {
    Scope s = contact("Gus");
    ContactMemory m = memory();
    Statement pizza = new Statement("contact", "contact", "likes", "Pizza", "food", false);
    Statement sushi = new Statement("contact", "contact", "likes", "Sushi", "food", false);
    assertThat(m.remember(s.tenant(), s.contact(), pizza, MONDAY, Optional.empty(), "note").change()).isEqualTo(ContactMemory.Change.ADDED);
    assertThat(m.remember(s.tenant(), s.contact(), sushi, FRIDAY, Optional.empty(), "note").change()).isEqualTo(ContactMemory.Change.ADDED);
    assertThat(m.remember(s.tenant(), s.contact(), pizza, FRIDAY, Optional.empty(), "note").change())
        .isEqualTo(ContactMemory.Change.UNCHANGED);
    assertThat(m.current(s.tenant(), s.contact())).extracting(Fact::relation, Fact::value)
        .containsExactly(tuple("likes", "Pizza"), tuple("likes", "Sushi"));
    assertThat(m.history(s.tenant(), s.contact(), "likes")).hasSize(2).allSatisfy(f -> assertThat(f.current()).isTrue());
  }

  @Test
  void shouldLinkEntitiesAcrossFactsContactsAndEpisodes() {
    Scope dana = contact("Dana");
    Scope lee = contact("Lee", Optional.of(dana.tenant()));
    ContactMemory m = memory();
    ContactMemory.Episode call = m.addEpisode(dana.tenant(), dana.contact(), ContactMemory.EpisodeKind.CALL,
        "I work at Acme Corp now, and our dog Rex is a beagle.", MONDAY);
    m.remember(dana.tenant(), dana.contact(), new Statement("contact", "contact", "works at", "Acme Corp", "organisation", true),
        MONDAY, Optional.of(call.id()), "call");
    m.remember(dana.tenant(), dana.contact(), new Statement("contact", "contact", "has pet", "Rex", "pet", false),
        MONDAY, Optional.of(call.id()), "call");
    m.remember(dana.tenant(), dana.contact(), new Statement("Rex", "pet", "breed", "beagle", "value", true),
        MONDAY, Optional.of(call.id()), "call");
    m.remember(lee.tenant(), lee.contact(), new Statement("contact", "contact", "works_at", "ACME  corp", "organisation", true),
        FRIDAY, Optional.empty(), "note");

    List<Fact> facts = m.current(dana.tenant(), dana.contact());
    assertThat(facts).extracting(Fact::attribute, Fact::value)
        .containsExactly(tuple("has_pet", "Rex"), tuple("works_at", "Acme Corp"), tuple("rex breed", "beagle"));
    Fact hasPet = facts.get(0);
    Fact breed = facts.get(2);
    assertThat(breed.subject().id()).as("Rex is one entity: the object of one fact, the subject of another")
        .isEqualTo(hasPet.object().id());
    assertThat(breed.subject().kind()).isEqualTo("pet");
    assertThat(facts).allSatisfy(f -> assertThat(f.episodeId()).contains(call.id()));
    assertThat(m.episodes(dana.tenant(), dana.contact())).extracting(ContactMemory.Episode::content, ContactMemory.Episode::kind)
        .containsExactly(tuple("I work at Acme Corp now, and our dog Rex is a beagle.", ContactMemory.EpisodeKind.CALL));

    Fact leeWork = m.current(lee.tenant(), lee.contact()).getFirst();
    assertThat(leeWork.object().id()).as("one entity per name in a workspace").isEqualTo(facts.get(1).object().id());
    assertThat(leeWork.value()).isEqualTo("Acme Corp");
    assertThat(leeWork.subject().id()).as("each contact is its own entity").isNotEqualTo(hasPet.subject().id());
    assertThat(m.history(dana.tenant(), dana.contact(), "breed")).extracting(Fact::value).containsExactly("beagle");
  }

  @Test
  void shouldFindCurrentFactsMatchingWords() {
    Scope s = contact("Ivy");
    ContactMemory m = memory();
    m.remember(s.tenant(), s.contact(), "pet", "a dog called Rex", MONDAY, "call");
    m.remember(s.tenant(), s.contact(), "budget", "5000 dollars", MONDAY, "call");
    m.remember(s.tenant(), s.contact(), "city", "Denver", MONDAY, "call");
    m.remember(s.tenant(), s.contact(), "city", "Boston", FRIDAY, "call");
    assertThat(m.matching(s.tenant(), s.contact(), "does she have a DOG?")).extracting(Fact::attribute).containsExactly("pet");
    assertThat(m.matching(s.tenant(), s.contact(), "what budget, in dollars")).extracting(Fact::value).containsExactly("5000 dollars");
    assertThat(m.matching(s.tenant(), s.contact(), "Denver")).as("closed facts are not current").isEmpty();
    assertThat(m.matching(s.tenant(), s.contact(), "a ?")).isEmpty();
  }

  @Test
  void shouldRefuseAnIncompleteFactAndKnowNothingOfAnUnknownContact() {
    Scope s = contact("Jo");
    assertThatThrownBy(() -> memory().remember(s.tenant(), s.contact(), " ", "x", MONDAY, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> memory().remember(s.tenant(), s.contact(), "city", "  ", MONDAY, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> memory().remember(s.tenant(), s.contact(), "city", "x".repeat(301), MONDAY, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(memory().current(s.tenant(), s.contact())).isEmpty();
    UUID nobody = UUID.randomUUID();
    assertThat(memory().current(s.tenant(), nobody)).isEmpty();
    assertThat(memory().history(s.tenant(), nobody, "city")).isEmpty();
    assertThat(memory().episodes(s.tenant(), nobody)).isEmpty();
  }

  @Test
  void shouldKeepEachTenantsMemoriesToItself() {
    Scope a = contact("Alpha");
    Scope b = contact("Beta");
    ContactMemory m = memory();
    ContactMemory.Episode note = m.addEpisode(a.tenant(), a.contact(), ContactMemory.EpisodeKind.NOTE, "Budget is 5000 dollars", MONDAY);
    m.remember(a.tenant(), a.contact(), Statement.about("budget", "5000 dollars"), MONDAY, Optional.of(note.id()), "note");
    m.remember(b.tenant(), b.contact(), "budget", "5000 dollars", MONDAY, "note");

    assertThat(m.current(b.tenant(), a.contact())).isEmpty();
    assertThat(m.history(b.tenant(), a.contact(), "budget")).isEmpty();
    assertThat(m.matching(b.tenant(), a.contact(), "budget dollars")).isEmpty();
    assertThat(m.episodes(b.tenant(), a.contact())).isEmpty();
    assertThat(m.current(b.tenant(), b.contact()).getFirst().object().id())
        .as("the same name in two workspaces is two entities")
        .isNotEqualTo(m.current(a.tenant(), a.contact()).getFirst().object().id());

    // B naming A's contact: refused (PostgreSQL knows the contact is not B's), or kept in B's own graph (Neo4j).
    try {
      m.remember(b.tenant(), a.contact(), "budget", "0 dollars", FRIDAY, "x");
      m.addEpisode(b.tenant(), a.contact(), ContactMemory.EpisodeKind.NOTE, "written by B", FRIDAY);
    } catch (RuntimeException refused) {
      assertThat(refused).isNotInstanceOf(IllegalArgumentException.class);
    }
    assertThat(m.current(a.tenant(), a.contact())).extracting(Fact::value, Fact::validTo)
        .containsExactly(tuple("5000 dollars", Optional.empty()));
    assertThat(m.history(a.tenant(), a.contact(), "budget")).hasSize(1);
    assertThat(m.episodes(a.tenant(), a.contact())).extracting(ContactMemory.Episode::content).containsExactly("Budget is 5000 dollars");
  }
}
