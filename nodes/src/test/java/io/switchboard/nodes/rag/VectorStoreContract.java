package io.switchboard.nodes.rag;

import io.switchboard.engine.tenancy.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every vector store must do, run against each backend: nearest chunks by vector, by words
 * and fused; a document's chunks replaced and deleted as a whole; and one tenant never seeing
 * another's chunks, even naming its knowledge base.
 */
abstract class VectorStoreContract {

  static final int DIMS = 384;

  abstract VectorStore store();

  /** A tenant with a knowledge base and a document named guide.md, as the backend needs them to exist. */
  abstract Scope scope(String name);

  record Scope(TenantId tenant, UUID knowledgeBase, UUID document) {}

  /** A unit vector pointing mostly along {@code axis}. */
  static float[] topic(int axis, int nudge) {
    float[] v = new float[DIMS];
    v[axis] = 1f;
    v[(axis + 1 + nudge) % DIMS] = 0.2f;
    return Vectors.normalise(v);
  }

  static VectorStore.StoredChunk chunk(int ordinal, String heading, String text, float[] vector) {
    return new VectorStore.StoredChunk(UUID.randomUUID(), ordinal, heading, text, text.length() / 4 + 1, vector);
  }

  List<VectorStore.Match> search(Scope s, float[] vector, String text, VectorStore.Mode mode) {
    return store().search(s.tenant(), s.knowledgeBase(), new VectorStore.Query(vector, text, 3, mode));
  }

  @Test
  void shouldRankByVectorByWordsAndFused() {
    Scope s = scope("ranking");
    store().replaceDocument(s.tenant(), s.knowledgeBase(), s.document(), "guide.md", List.of(
        chunk(0, "Parking", "Free parking behind the building.", topic(1, 0)),
        chunk(1, "Prices", "A cleaning costs 90 dollars.", topic(2, 0)),
        chunk(2, "Filters", "Cartridge XR-7731 fits the kitchen tap.", topic(3, 0))));
    List<VectorStore.Match> vector = search(s, topic(2, 1), "", VectorStore.Mode.VECTOR);
    assertThat(vector.getFirst().heading()).isEqualTo("Prices");
    assertThat(vector.getFirst().documentName()).isEqualTo("guide.md");
    assertThat(vector.getFirst().similarity()).hasValueSatisfying(sim -> assertThat(sim).isGreaterThan(0.9));
    assertThat(vector.getFirst().score()).isGreaterThanOrEqualTo(vector.get(1).score());

    List<VectorStore.Match> text = search(s, null, "which cartridge is XR-7731", VectorStore.Mode.TEXT);
    assertThat(text.getFirst().heading()).isEqualTo("Filters");

    List<VectorStore.Match> hybrid = search(s, topic(1, 1), "cartridge XR-7731", VectorStore.Mode.HYBRID);
    assertThat(hybrid).extracting(VectorStore.Match::heading).startsWith("Filters", "Parking").hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void shouldReplaceAndDeleteADocumentsChunksAsAWhole() {
    Scope s = scope("replace");
    store().replaceDocument(s.tenant(), s.knowledgeBase(), s.document(), "guide.md", List.of(
        chunk(0, "Old", "old text one", topic(5, 0)), chunk(1, "Old", "old text two", topic(6, 0))));
    store().replaceDocument(s.tenant(), s.knowledgeBase(), s.document(), "guide.md", List.of(chunk(0, "New", "new text", topic(5, 0))));
    assertThat(search(s, topic(6, 0), "old text", VectorStore.Mode.HYBRID)).extracting(VectorStore.Match::heading)
        .containsExactly("New");
    store().deleteDocument(s.tenant(), s.knowledgeBase(), s.document());
    assertThat(search(s, topic(5, 0), "new text", VectorStore.Mode.HYBRID)).isEmpty();
  }

  @Test
  void shouldNeverReturnAnotherTenantsChunks() {
    Scope a = scope("alpha");
    Scope b = scope("beta");
    store().replaceDocument(a.tenant(), a.knowledgeBase(), a.document(), "guide.md", List.of(chunk(0, "Secret", "alpha wifi mango-42", topic(9, 0))));
    store().replaceDocument(b.tenant(), b.knowledgeBase(), b.document(), "guide.md", List.of(chunk(0, "Shop", "beta bicycles", topic(10, 0))));
    assertThat(search(b, topic(9, 0), "alpha wifi mango-42", VectorStore.Mode.HYBRID)).extracting(VectorStore.Match::text)
        .containsExactly("beta bicycles");
    // B naming A's knowledge base gets nothing.
    assertThat(store().search(b.tenant(), a.knowledgeBase(), new VectorStore.Query(topic(9, 0), "alpha wifi", 5, VectorStore.Mode.HYBRID)))
        .isEmpty();
    assertThat(search(a, topic(9, 0), "wifi", VectorStore.Mode.HYBRID)).extracting(VectorStore.Match::text)
        .containsExactly("alpha wifi mango-42");
  }
}
