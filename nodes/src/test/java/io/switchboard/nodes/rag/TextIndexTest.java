package io.switchboard.nodes.rag;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BM25 over the lexemes PostgreSQL stored, the share of the query each hit covers, and the fusion
 * that weights text hits by it: a passage holding the question's rare name beats passages that
 * share only a common word with it and rank well by vector.
 */
class TextIndexTest {

  static final String WATER_HEATERS = "'bradford':3 'electr':1 'heater':5 'rheem':2 'white':4";
  static final String FILTER = "'cartridg':1 'filter':2 'hous':4 'tap':3 'white':5";

  record Corpus(UUID[] ids, TextIndex index) {}

  static Corpus corpus(List<String> tsvectors) {
    TextIndex.Builder builder = new TextIndex.Builder();
    UUID[] ids = new UUID[tsvectors.size()];
    for (int i = 0; i < tsvectors.size(); i++) {
      builder.add(i, tsvectors.get(i));
      ids[i] = UUID.randomUUID();
    }
    return new Corpus(ids, builder.build(ids.length));
  }

  @Test
  void shouldRankByBm25AndMeasureHowMuchOfTheQueryEachHitCovers() {
    List<String> chunks = new ArrayList<>(List.of(WATER_HEATERS));
    for (int i = 0; i < 8; i++) {
      chunks.add(FILTER);
    }
    chunks.add("'gym':1 'locker':2 'padlock':3");
    Corpus c = corpus(chunks);
    Map<UUID, Double> scores = new HashMap<>();
    Map<UUID, Double> coverage = new HashMap<>();
    List<UUID> hits = c.index().search(TextIndex.lexemes("'carri' & 'bradford' & 'white'"), 10, c.ids(), scores, coverage);

    assertThat(hits).as("the locker chunk holds no query word").hasSize(9).first().isEqualTo(c.ids()[0]);
    assertThat(hits).doesNotContain(c.ids()[9]);
    assertThat(scores.get(c.ids()[0])).isGreaterThan(scores.get(hits.get(1)));
    assertThat(hits.subList(1, 5)).as("equal scores keep index order").containsExactly(c.ids()[1], c.ids()[2], c.ids()[3], c.ids()[4]);
    double carri = idf(10, 0);
    double bradford = idf(10, 1);
    double white = idf(10, 9);
    assertThat(coverage.get(c.ids()[0])).as("bradford and white, not carri (in no chunk: the most specific)")
        .isCloseTo((bradford + white) / (carri + bradford + white), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(coverage.get(c.ids()[1])).as("white only, held by most chunks")
        .isCloseTo(white / (carri + bradford + white), org.assertj.core.data.Offset.offset(1e-6)).isLessThan(0.05);

    // Vector search put four filters first and the water heaters 22nd, behind chunks of other documents.
    List<UUID> byVector = new ArrayList<>(List.of(c.ids()[1], c.ids()[2], c.ids()[3], c.ids()[4], c.ids()[9]));
    for (int i = 5; i < 9; i++) {
      byVector.add(c.ids()[i]);
    }
    for (int i = 0; i < 12; i++) {
      byVector.add(UUID.randomUUID());
    }
    byVector.add(c.ids()[0]);
    assertThat(top(Fusion.weightedReciprocalRank(byVector, hits, coverage), 5)).contains(c.ids()[0]);
    assertThat(top(Fusion.reciprocalRank(byVector, hits), 5)).as("plain fusion lets the common word win").doesNotContain(c.ids()[0]);
  }

  @Test
  void shouldFindNothingForWordsNoChunkHolds() {
    Corpus c = corpus(List.of(WATER_HEATERS, FILTER));
    Map<UUID, Double> scores = new HashMap<>();
    assertThat(c.index().search(TextIndex.lexemes("'unknown' & 'word'"), 5, c.ids(), scores, new HashMap<>())).isEmpty();
    assertThat(scores).isEmpty();
  }

  static double idf(int documents, int df) {
    return (float) Math.log(1 + (documents - df + 0.5) / (df + 0.5));
  }

  static List<UUID> top(Map<UUID, Double> fused, int n) {
    return fused.entrySet().stream().sorted(Map.Entry.<UUID, Double>comparingByValue().reversed()).limit(n).map(Map.Entry::getKey)
        .toList();
  }
}
